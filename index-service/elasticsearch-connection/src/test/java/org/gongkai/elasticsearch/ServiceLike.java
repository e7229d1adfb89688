package org.gongkai.elasticsearch;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** The connection as index-service and search-service import it, with Boot's SSL bundles and validation. */
final class ServiceLike {

    private ServiceLike() {}

    static ApplicationContextRunner runner(String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ValidationAutoConfiguration.class))
                .withUserConfiguration(ElasticsearchConnectionConfiguration.class)
                .withPropertyValues(properties);
    }
}
