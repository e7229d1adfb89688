package org.gongkai.search.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The 400s Spring raises before a route runs (a parameter of the wrong type, a required one missing) have the shape
 * of the service's own refusals: title "Bad parameter" and the culprit in {@code parameter} (session 18's trial:
 * {@code size=abc} and a lookup without {@code value} were Spring's "Bad Request" without it). No index is reached:
 * the routes fail before they run, so the controller has none.
 */
class ApiErrorsTest {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new SearchController(null))
            .setControllerAdvice(new ApiErrors())
            .build();

    @Test
    void aSizeThatIsNoNumberIsABadParameterNamingSize() throws Exception {
        mvc.perform(get("/api/search").param("size", "abc"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Bad parameter"))
                .andExpect(jsonPath("$.parameter").value("size"))
                .andExpect(jsonPath("$.detail").value("size: must be a whole number, not 'abc'"));
    }

    @Test
    void aLookupWithoutItsValueIsABadParameterNamingValue() throws Exception {
        mvc.perform(get("/api/lookup/document-number"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Bad parameter"))
                .andExpect(jsonPath("$.parameter").value("value"))
                .andExpect(jsonPath("$.detail").value("value: must be given"));
    }

    @Test
    void suggestionsWithoutAPrefixAreABadParameterNamingPrefix() throws Exception {
        mvc.perform(get("/api/suggest"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("prefix"));
    }
}
