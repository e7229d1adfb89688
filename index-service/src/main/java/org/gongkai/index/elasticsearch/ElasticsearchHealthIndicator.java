package org.gongkai.index.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import java.time.Duration;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.RequestOptions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Elasticsearch health from {@code GET _cluster/health} (not {@code GET /}, which some distributions refuse): DOWN
 * when the cluster does not answer within the timeout or is red, UP when green or yellow (yellow still accepts
 * writes), with the cluster's name, status and node count. Each check is one short request with its own timeout.
 */
public class ElasticsearchHealthIndicator extends AbstractHealthIndicator {

    private final ElasticsearchClient client;

    public ElasticsearchHealthIndicator(ElasticsearchClient client, Duration timeout) {
        super("Elasticsearch health check failed");
        int millis = (int) timeout.toMillis();
        RequestOptions options = RequestOptions.DEFAULT.toBuilder()
                .setRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(millis)
                        .setConnectionRequestTimeout(millis)
                        .setSocketTimeout(millis)
                        .build())
                .build();
        this.client = client.withTransportOptions(new RestClientOptions(options, false));
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        HealthResponse health = client.cluster().health();
        builder.withDetail("clusterName", health.clusterName())
                .withDetail("status", health.status().jsonValue())
                .withDetail("numberOfNodes", health.numberOfNodes());
        if (health.status() == HealthStatus.Red) {
            builder.down();
        } else {
            builder.up();
        }
    }
}
