package org.gongkai.index.lifecycle;

import org.gongkai.index.IndexNames;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health component {@code indexBootstrap}: DOWN until the index and its aliases are in place (the listener does not
 * consume before that), so readiness reflects whether this instance can index at all.
 */
public class IndexBootstrapHealthIndicator extends AbstractHealthIndicator {

    private final IndexBootstrapRunner runner;
    private final IndexNames names;

    public IndexBootstrapHealthIndicator(IndexBootstrapRunner runner, IndexNames names) {
        super("Index bootstrap health check failed");
        this.runner = runner;
        this.names = names;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        IndexBootstrapRunner.State state = runner.state();
        builder.withDetail("state", state.name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("index", names.index())
                .withDetail("readAlias", names.readAlias())
                .withDetail("writeAlias", names.writeAlias());
        if (state == IndexBootstrapRunner.State.PENDING) {
            String error = runner.lastError();
            builder.down();
            if (error != null) {
                builder.withDetail("error", error);
            }
        } else {
            builder.up();
        }
    }
}
