package org.gongkai.index.consume;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health component {@code indexing}: DOWN while a listener thread is stalled because Elasticsearch does not accept
 * writes (down, blocked, or rejecting beyond the retry budget), with the oldest stall's start, the number of records held
 * and the last error; UP otherwise. Part of readiness, so an instance that cannot make progress says so even while
 * {@code GET _cluster/health} still answers.
 */
public class IndexingHealthIndicator extends AbstractHealthIndicator {

    private final IndexingStatus status;

    public IndexingHealthIndicator(IndexingStatus status) {
        super("Indexing health check failed");
        this.status = status;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        IndexingStatus.Stall stall = status.stall();
        if (stall == null) {
            builder.up();
            return;
        }
        builder.down()
                .withDetail("stalledConsumers", status.stalledThreads())
                .withDetail("stalledSince", stall.since().toString())
                .withDetail("recordsHeld", stall.records())
                .withDetail("lastError", stall.lastError());
    }
}
