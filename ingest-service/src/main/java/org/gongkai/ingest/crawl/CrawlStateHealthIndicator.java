package org.gongkai.ingest.crawl;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health component {@code crawlState}: DOWN until the crawl state was restored from its topic (not started,
 * restoring — with the records read, the most left and the rate — or failed, with the error), UP afterwards.
 * Part of the readiness group, not of liveness: an instance that is restoring is alive and must not be
 * restarted, only not counted as ready. UP at once for a store that is not restored from a topic.
 */
public class CrawlStateHealthIndicator extends AbstractHealthIndicator {

    private final RestoreProgress progress;

    public CrawlStateHealthIndicator(CrawlState state) {
        super("Crawl state health check failed");
        this.progress = state instanceof KafkaCrawlState kafka ? kafka.restoreProgress() : null;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (progress == null) {
            builder.up();
            return;
        }
        RestoreProgress.Snapshot now = progress.snapshot();
        if (now.phase() == RestoreProgress.Phase.RESTORED) {
            builder.up();
        } else {
            builder.down();
        }
        builder.withDetail("restore", now.phase().name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("recordsRead", now.records())
                .withDetail("recordsLeft", now.remaining())
                .withDetail("recordsPerSecond", Math.round(now.ratePerSecond()))
                .withDetail("seconds", now.elapsed().toSeconds());
        if (now.error() != null) {
            builder.withDetail("error", now.error());
        }
    }
}
