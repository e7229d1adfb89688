package org.gongkai.index.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** This service's Elasticsearch wiring refuses a {@code spring.elasticsearch.*} key it does not support. */
class ElasticsearchConnectionKeysTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
            .withUserConfiguration(ElasticsearchConfiguration.class)
            .withPropertyValues("spring.elasticsearch.uris=http://127.0.0.1:1");

    @Test
    void supportedKeysStart() {
        runner.withPropertyValues(
                        "spring.elasticsearch.api-key=a2V5OnNlY3JldA==", "spring.elasticsearch.path-prefix=/es")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RestClient.class));
    }

    @Test
    void anUnsupportedBootKeyFailsTheStartNamingIt() {
        runner.withPropertyValues("spring.elasticsearch.restclient.sniffer.interval=1m")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("spring.elasticsearch.restclient.sniffer.interval");
                });
    }

    @Test
    void aMisspeltEnvironmentVariableFailsTheStartNamingIt() {
        runner.withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("SPRING_ELASTICSEARCH_APIKEYS", "a2V5OnNlY3JldA=="))))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("spring.elasticsearch.apikeys");
                });
    }
}
