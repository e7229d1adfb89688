package org.gongkai.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ElasticsearchPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ElasticsearchProperties.class)
    static class Bound {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bound.class);

    @Test
    void defaultsAreBootsDefaults() {
        runner.run(context -> {
            ElasticsearchProperties properties = context.getBean(ElasticsearchProperties.class);
            assertThat(properties.uris()).containsExactly(URI.create("http://localhost:9200"));
            assertThat(properties.connectionTimeout()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.socketTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.socketKeepAlive()).isFalse();
            assertThat(properties.username()).isNull();
            assertThat(properties.apiKey()).isNull();
            assertThat(properties.pathPrefix()).isNull();
            assertThat(properties.sslBundle()).isNull();
        });
    }

    @Test
    void bindsEveryStandardKeyItSupports() {
        runner.withPropertyValues(
                        "spring.elasticsearch.uris=https://es1.example:9200,https://es2.example:9200",
                        "spring.elasticsearch.api-key=VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==",
                        "spring.elasticsearch.connection-timeout=2s",
                        "spring.elasticsearch.socket-timeout=45s",
                        "spring.elasticsearch.socket-keep-alive=true",
                        "spring.elasticsearch.path-prefix=/es",
                        "spring.elasticsearch.restclient.ssl.bundle=elasticsearch")
                .run(context -> {
                    ElasticsearchProperties properties = context.getBean(ElasticsearchProperties.class);
                    assertThat(properties.uris())
                            .containsExactly(
                                    URI.create("https://es1.example:9200"), URI.create("https://es2.example:9200"));
                    assertThat(properties.apiKey()).startsWith("VnVhQ2ZH");
                    assertThat(properties.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.socketTimeout()).isEqualTo(Duration.ofSeconds(45));
                    assertThat(properties.socketKeepAlive()).isTrue();
                    assertThat(properties.pathPrefix()).isEqualTo("/es");
                    assertThat(properties.sslBundle()).isEqualTo("elasticsearch");
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // Boot 4 keys this client does not support
                "spring.elasticsearch.restclient.sniffer.interval=1m",
                "spring.elasticsearch.restclient.sniffer.enabled=true",
                "spring.elasticsearch.restclient.sniffer.delay-after-failure=10s",
                // typos and keys Boot never had
                "spring.elasticsearch.usename=elastic",
                "spring.elasticsearch.restclient.ssl.bundel=es",
                "spring.elasticsearch.rest.uris=http://localhost:9200",
            })
    void startFailsOnAKeyItDoesNotSupportAndNamesIt(String property) {
        String key = property.substring(0, property.indexOf('='));
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(causes(context.getStartupFailure())).contains(key);
        });
    }

    private ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
        return ServiceLike.runner()
                .withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }

    @Test
    void environmentVariablesBindAsUnderCompose() {
        withEnvironment(Map.of(
                        "SPRING_ELASTICSEARCH_URIS", "https://elasticsearch:9200",
                        "SPRING_ELASTICSEARCH_USERNAME", "portal",
                        "SPRING_ELASTICSEARCH_PASSWORD", "secret",
                        "SPRING_ELASTICSEARCH_SOCKETKEEPALIVE", "true"))
                .run(context -> {
                    ElasticsearchProperties properties = context.getBean(ElasticsearchProperties.class);
                    assertThat(properties.username()).isEqualTo("portal");
                    assertThat(properties.socketKeepAlive()).isTrue();
                });
    }

    @Test
    void aMisspeltEnvironmentVariableFailsTheStartToo() {
        withEnvironment(Map.of("SPRING_ELASTICSEARCH_USENAME", "portal")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(causes(context.getStartupFailure())).contains("spring.elasticsearch.usename");
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "spring.elasticsearch.username=elastic|spring.elasticsearch.password is required with a username",
                "spring.elasticsearch.password=secret|spring.elasticsearch.password is set without a username",
                "spring.elasticsearch.api-key=abc,spring.elasticsearch.username=u,spring.elasticsearch.password=p"
                        + "|api-key and spring.elasticsearch.username are both set",
                "spring.elasticsearch.restclient.ssl.bundle=es|no spring.elasticsearch.uris is https",
                "spring.elasticsearch.uris=http://elastic:secret@localhost:9200|must not carry credentials",
                "spring.elasticsearch.uris=http://localhost:9200/es|use spring.elasticsearch.path-prefix",
                "spring.elasticsearch.uris=localhost:9200|must be http(s) URLs with a host",
            })
    void contradictoryOrSilentlyIgnoredSettingsFailTheStart(String testCase) {
        String[] parts = testCase.split("\\|");
        runner.withPropertyValues(parts[0].split(",")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(causes(context.getStartupFailure())).contains(parts[1]);
        });
    }

    @Test
    void credentialsInTheUriAreNotEchoed() {
        runner.withPropertyValues("spring.elasticsearch.uris=http://elastic:s3cret-pw@localhost:9200")
                .run(context -> assertThat(causes(context.getStartupFailure()))
                        .contains("must not carry credentials (localhost)")
                        .doesNotContain("s3cret-pw"));
    }

    @Test
    void plainConstructorForToolsAndTests() {
        ElasticsearchProperties properties = new ElasticsearchProperties(
                List.of(URI.create("http://127.0.0.1:9200")),
                null,
                null,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                "");
        assertThat(properties.pathPrefix()).isNull();
        assertThat(properties.sslBundle()).isNull();
        assertThat(properties.socketKeepAlive()).isFalse();
    }

    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
