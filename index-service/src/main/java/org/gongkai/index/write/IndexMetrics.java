package org.gongkai.index.write;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Indexing metrics:
 *
 * <ul>
 *   <li>{@code gongkai.index.docs} (counter, tag {@code outcome}: indexed, deleted, stale, dead-lettered): one per
 *       record resolved; stale counts version conflicts and records superseded within their batch;
 *   <li>{@code gongkai.index.bulk.latency} (timer, tag {@code result}: ok, no-response): one per {@code _bulk}
 *       request;
 *   <li>{@code gongkai.index.bulk.size} (summary, documents) and {@code gongkai.index.bulk.bytes} (summary, bytes)
 *       per request;
 *   <li>{@code gongkai.index.retries} (counter, tag {@code cause}: too-many-requests, server-error, timeout,
 *       unreachable, index-missing, blocked, forbidden, other): one per operation retried.
 * </ul>
 *
 * Thread-safe.
 */
public class IndexMetrics {

    private final MeterRegistry registry;
    private final Counter indexed;
    private final Counter deleted;
    private final Counter stale;
    private final Counter deadLettered;
    private final Timer bulkOk;
    private final Timer bulkNoResponse;
    private final DistributionSummary bulkSize;
    private final DistributionSummary bulkBytes;

    public IndexMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.indexed = docs("indexed");
        this.deleted = docs("deleted");
        this.stale = docs("stale");
        this.deadLettered = docs("dead-lettered");
        this.bulkOk = bulkTimer("ok");
        this.bulkNoResponse = bulkTimer("no-response");
        this.bulkSize = DistributionSummary.builder("gongkai.index.bulk.size")
                .description("Operations per _bulk request")
                .baseUnit("documents")
                .register(registry);
        this.bulkBytes = DistributionSummary.builder("gongkai.index.bulk.bytes")
                .description("Approximate body size of a _bulk request")
                .baseUnit("bytes")
                .register(registry);
        // Known causes exist from the start, at zero, so dashboards and alerts see a series before the first retry.
        for (String cause : RETRY_CAUSES) {
            retries(cause);
        }
    }

    /** The retry causes the bulk indexer reports. */
    static final java.util.List<String> RETRY_CAUSES = java.util.List.of(
            "too-many-requests",
            "server-error",
            "timeout",
            "unreachable",
            "index-missing",
            "blocked",
            "forbidden",
            "other");

    public void indexed() {
        indexed.increment();
    }

    public void deleted() {
        deleted.increment();
    }

    public void stale(int count) {
        stale.increment(count);
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    public void retried(String cause, int count) {
        retries(cause).increment(count);
    }

    private Counter retries(String cause) {
        return Counter.builder("gongkai.index.retries")
                .description("Bulk operations retried, by cause")
                .tag("cause", cause)
                .register(registry);
    }

    public void bulk(Duration latency, int documents, long bytes, boolean answered) {
        (answered ? bulkOk : bulkNoResponse).record(latency);
        bulkSize.record(documents);
        bulkBytes.record(bytes);
    }

    private Counter docs(String outcome) {
        return Counter.builder("gongkai.index.docs")
                .description("Records resolved by the indexer, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Timer bulkTimer(String result) {
        return Timer.builder("gongkai.index.bulk.latency")
                .description("Latency of _bulk requests")
                .tag("result", result)
                .publishPercentileHistogram()
                .register(registry);
    }
}
