package org.gongkai.index.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import java.time.Duration;
import org.elasticsearch.client.RestClient;
import org.gongkai.elasticsearch.ElasticsearchConnectionConfiguration;
import org.gongkai.elasticsearch.ElasticsearchProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The hand-built Elasticsearch 8.19 client and its health indicator; the connection comes from
 * {@code spring.elasticsearch.*} ({@link ElasticsearchProperties}, shared with search-service).
 */
@Configuration(proxyBeanMethods = false)
@Import(ElasticsearchConnectionConfiguration.class)
public class ElasticsearchConfiguration {

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
