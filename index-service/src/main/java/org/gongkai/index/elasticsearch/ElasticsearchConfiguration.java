package org.gongkai.index.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import java.time.Duration;
import org.elasticsearch.client.RestClient;
import org.gongkai.elasticsearch.ElasticsearchProperties;
import org.gongkai.elasticsearch.ElasticsearchRestClients;
import org.gongkai.elasticsearch.SupportedKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The hand-built Elasticsearch 8.19 client and its health indicator; the connection comes from
 * {@code spring.elasticsearch.*} ({@link ElasticsearchProperties}, shared with search-service).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ElasticsearchProperties.class)
public class ElasticsearchConfiguration {

    /** Closed through the client's transport, see {@link #elasticsearchClient}. */
    @Bean(destroyMethod = "")
    RestClient elasticsearchRestClient(
            ElasticsearchProperties properties, ObjectProvider<SslBundles> sslBundles, Environment environment) {
        SupportedKeys.check(environment);
        return ElasticsearchRestClients.restClient(properties, sslBundles.getIfAvailable());
    }

    @Bean
    JacksonJsonpMapper elasticsearchJsonpMapper() {
        return ElasticsearchClients.jsonpMapper();
    }

    @Bean(destroyMethod = "close")
    ElasticsearchClient elasticsearchClient(RestClient restClient, JacksonJsonpMapper mapper) {
        return ElasticsearchClients.client(restClient, mapper);
    }

    @Bean(name = "elasticsearchHealthIndicator")
    ElasticsearchHealthIndicator elasticsearchHealthIndicator(ElasticsearchClient client) {
        return new ElasticsearchHealthIndicator(client, Duration.ofSeconds(3));
    }
}
