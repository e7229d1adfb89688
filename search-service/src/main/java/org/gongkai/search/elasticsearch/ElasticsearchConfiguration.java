package org.gongkai.search.elasticsearch;

import java.net.URI;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.gongkai.search.SearchProperties;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The hand-built 8.19 low-level client (Boot 4's Elasticsearch support needs the 9.x client), the index, health. */
@Configuration(proxyBeanMethods = false)
public class ElasticsearchConfiguration {

    @Bean(destroyMethod = "close")
    RestClient elasticsearchRestClient(ElasticsearchProperties properties) {
        HttpHost[] hosts =
                properties.uris().stream().map(ElasticsearchConfiguration::host).toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(config -> config.setConnectTimeout(
                                (int) properties.connectionTimeout().toMillis())
                        .setSocketTimeout((int) properties.socketTimeout().toMillis()));
        if (properties.pathPrefix() != null && !properties.pathPrefix().isBlank()) {
            builder.setPathPrefix(properties.pathPrefix());
        }
        if (properties.username() != null && !properties.username().isBlank()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(
                    AuthScope.ANY, new UsernamePasswordCredentials(properties.username(), properties.password()));
            builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        return builder.build();
    }

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

    private static HttpHost host(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        return new HttpHost(uri.getHost(), port, uri.getScheme());
    }
}
