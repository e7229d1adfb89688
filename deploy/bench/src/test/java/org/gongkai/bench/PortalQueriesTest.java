package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PortalQueriesTest {

    @Test
    void theKeywordReplacesEveryPlaceholderOfThePortalsFullTextRequest() {
        JsonNode template = Elastic.JSON.readTree(
                "{\"query\":{\"bool\":{\"should\":[{\"match_phrase\":{\"title\":{\"query\":\"{{q}}\"}}},"
                        + "{\"match\":{\"body\":\"{{q}}\"}}]}},\"size\":10}");

        JsonNode filled = PortalQueries.fill(template, "疫情防控");

        assertThat(filled.toString()).doesNotContain("{{q}}").contains("\"query\":\"疫情防控\"");
        assertThat(filled.path("query")
                        .path("bool")
                        .path("should")
                        .get(1)
                        .path("match")
                        .path("body")
                        .asString())
                .isEqualTo("疫情防控");
        assertThat(template.toString()).contains("{{q}}"); // the template is left as it was
    }
}
