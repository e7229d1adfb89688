package org.gongkai.events.spring;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Kafka health: UP when the cluster answers a describe-cluster call within the timeout, with its id and broker
 * count. Spring Boot has no Kafka health indicator of its own. Each check opens a short-lived admin client:
 * health is polled seconds apart, not per record.
 */
public class KafkaClusterHealthIndicator extends AbstractHealthIndicator {

    private final KafkaAdmin admin;
    private final Duration timeout;

    public KafkaClusterHealthIndicator(KafkaAdmin admin, Duration timeout) {
        super("Kafka health check failed");
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        var config = new java.util.HashMap<>(admin.getConfigurationProperties());
        config.put("request.timeout.ms", (int) timeout.toMillis());
        config.put("default.api.timeout.ms", (int) timeout.toMillis());
        try (AdminClient client = AdminClient.create(config)) {
            DescribeClusterResult cluster =
                    client.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Collection<Node> nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            builder.up().withDetail("clusterId", clusterId).withDetail("brokers", nodes.size());
        }
    }
}
