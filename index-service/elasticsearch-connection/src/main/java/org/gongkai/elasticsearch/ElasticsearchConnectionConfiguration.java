package org.gongkai.elasticsearch;

import org.elasticsearch.client.RestClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The services' Elasticsearch 8.19 low-level client from {@code spring.elasticsearch.*}: imported by index-service and
 * search-service. Refuses to start on a key it does not support ({@link SupportedKeys}). The client is thread-safe and
 * closed with the context (closing it again, e.g. through a higher-level client's transport, is harmless).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ElasticsearchProperties.class)
public class ElasticsearchConnectionConfiguration {

    @Bean(destroyMethod = "close")
    RestClient elasticsearchRestClient(
            ElasticsearchProperties properties, ObjectProvider<SslBundles> sslBundles, Environment environment) {
        SupportedKeys.check(environment);
        return ElasticsearchRestClients.restClient(properties, sslBundles.getIfAvailable());
    }
}
