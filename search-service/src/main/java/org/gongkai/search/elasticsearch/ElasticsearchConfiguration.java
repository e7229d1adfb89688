package org.gongkai.search.elasticsearch;

import org.elasticsearch.client.RestClient;
import org.gongkai.elasticsearch.ElasticsearchConnectionConfiguration;
import org.gongkai.elasticsearch.ElasticsearchProperties;
import org.gongkai.search.SearchProperties;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The 8.19 low-level client from {@code spring.elasticsearch.*} ({@link ElasticsearchProperties}, shared with
 * index-service; Boot 4's Elasticsearch support needs the 9.x client), the index, health.
 */
@Configuration(proxyBeanMethods = false)
@Import(ElasticsearchConnectionConfiguration.class)
public class ElasticsearchConfiguration {

    @Bean
    NoticeIndex noticeIndex(RestClient client, SearchProperties properties) {
        return new NoticeIndex(client, properties.index());
    }

    /**
     * Readiness: {@code GET /<alias>/_count} answers within the timeout. Not {@code _cluster/health}: the portal's
     * read-only user has no cluster privilege. DOWN also while the alias does not exist yet (index-service makes it).
     */
    @Bean(name = "elasticsearchHealthIndicator")
    AbstractHealthIndicator elasticsearchHealthIndicator(NoticeIndex index, SearchProperties properties) {
        return new AbstractHealthIndicator("Elasticsearch health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                builder.withDetail("index", index.alias())
                        .withDetail("notices", index.count(properties.healthTimeout()))
                        .up();
            }
        };
    }
}
