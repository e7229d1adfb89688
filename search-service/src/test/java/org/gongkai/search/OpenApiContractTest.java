package org.gongkai.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import org.gongkai.search.api.SearchController;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The hand-written {@code openapi.yaml} against the controller's routes: the same paths and methods, each with the
 * same parameters (name, where, required). The application runs without Elasticsearch (port 1 on loopback
 * refuses): parameter errors are answered before any search, and the description is a static file.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.elasticsearch.uris=http://127.0.0.1:1")
class OpenApiContractTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    Environment environment;

    @Test
    void theDescriptionHasExactlyTheControllersRoutesAndParameters() throws Exception {
        JsonNode spec;
        try (InputStream in = getClass().getResourceAsStream("/static/openapi.yaml")) {
            spec = new YAMLMapper().readTree(in);
        }
        Map<String, String> described = new TreeMap<>();
        spec.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    StringBuilder params = new StringBuilder();
                    new TreeMap<String, String>() {
                        {
                            op.getValue().path("parameters").forEach(p -> {
                                JsonNode param = p.has("$ref")
                                        ? spec.at(p.path("$ref").asString().substring(1))
                                        : p;
                                put(
                                        param.path("name").asString(),
                                        param.path("in").asString()
                                                + (param.path("required").asBoolean() ? "!" : "?"));
                            });
                        }
                    }.forEach((k, v) -> params.append(k).append(':').append(v).append(' '));
                    described.put(
                            op.getKey().toUpperCase() + " " + path.getKey(),
                            params.toString().trim());
                }));

        Map<String, String> routes = new TreeMap<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e :
                mappings.getHandlerMethods().entrySet()) {
            if (e.getValue().getBeanType() != SearchController.class) {
                continue;
            }
            Method method = e.getValue().getMethod();
            Map<String, String> params = new TreeMap<>();
            for (Parameter p : method.getParameters()) {
                RequestParam rp = p.getAnnotation(RequestParam.class);
                PathVariable pv = p.getAnnotation(PathVariable.class);
                if (rp != null) {
                    String name = rp.name().isEmpty() ? p.getName() : rp.name();
                    boolean required = rp.required()
                            && rp.defaultValue()
                                    .equals(org.springframework.web.bind.annotation.ValueConstants.DEFAULT_NONE);
                    params.put(name, "query" + (required ? "!" : "?"));
                } else if (pv != null) {
                    params.put(pv.name().isEmpty() ? p.getName() : pv.name(), "path!");
                }
            }
            StringBuilder text = new StringBuilder();
            params.forEach((k, v) -> text.append(k).append(':').append(v).append(' '));
            for (String pattern : e.getKey().getPatternValues()) {
                for (var verb : e.getKey().getMethodsCondition().getMethods()) {
                    routes.put(verb.name() + " " + pattern, text.toString().trim());
                }
            }
        }

        assertThat(routes).isNotEmpty();
        assertThat(described).isEqualTo(routes);
    }

    @Test
    void theDescriptionAndThePageAreServed() throws Exception {
        assertThat(get("/openapi.yaml").statusCode()).isEqualTo(200);
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("lang=\"zh-CN\"", "name=\"viewport\"");
    }

    @Test
    void aTooLongQueryIsA400BeforeAnySearch() throws Exception {
        HttpResponse<String> answer = get("/api/search?q=" + "%E7%96%AB".repeat(101));

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode problem = JsonMapper.builder().build().readTree(answer.body());
        assertThat(problem.path("parameter").asString()).isEqualTo("q");
        assertThat(problem.path("detail").asString()).contains("101 characters");
    }

    @Test
    void withoutElasticsearchASearchIsA503NotA500() throws Exception {
        assertThat(get("/api/search?q=x").statusCode()).isEqualTo(503);
    }

    private HttpResponse<String> get(String path) throws Exception {
        String port = environment.getProperty("local.server.port");
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
