package org.gongkai.elasticsearch;

import org.elasticsearch.client.RestClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The REST client declared as index-service and search-service declare it, with Boot's SSL bundles. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ElasticsearchProperties.class)
class ServiceLike {

    @Bean(destroyMethod = "close")
    RestClient elasticsearchRestClient(
            ElasticsearchProperties properties, ObjectProvider<SslBundles> bundles, Environment environment) {
        SupportedKeys.check(environment);
        return ElasticsearchRestClients.restClient(properties, bundles.getIfAvailable());
    }

    static ApplicationContextRunner runner(String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ValidationAutoConfiguration.class))
                .withUserConfiguration(ServiceLike.class)
                .withPropertyValues(properties);
    }
}
