package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How far the restore of the crawl state from its topic has come (see {@link KafkaCrawlState#load()}): for
 * readiness ({@link CrawlStateHealthIndicator}), the progress log line and the {@code gongkai.ingest.state.restore.*}
 * gauges. Written by the restoring thread, read from any: thread-safe.
 */
public final class RestoreProgress {

    /** Where the restore is. */
    public enum Phase {
        /** Not started yet (the store is empty). */
        PENDING,
        /** Reading the topic. */
        RESTORING,
        /** Read to the end offsets it had when the restore started: the crawl may go on. */
        RESTORED,
        /** The last attempt failed; the next {@link KafkaCrawlState#load()} tries again. */
        FAILED
    }

    /** A consistent view of the progress at one moment. */
    public record Snapshot(Phase phase, long records, long total, Duration elapsed, String error) {

        /** Records read per second so far (0 before the first). */
        public double ratePerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds > 0 ? records / seconds : 0;
        }

        /** Records left to the end offsets (0 unless restoring). */
        public long remaining() {
            return phase == Phase.RESTORING ? Math.max(0, total - records) : 0;
        }
    }

    private final LongSupplier nanoTime;
    private Phase phase = Phase.PENDING;
    private long records;
    private long total;
    private long startedNanos;
    private long endedNanos;
    private String error;

    /** @param nanoTime monotonic time in ns, {@code System::nanoTime} in the service */
    public RestoreProgress(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Registers the gauges {@code gongkai.ingest.state.restore.records}, {@code .restore.remaining}, {@code .restored}. */
    void register(MeterRegistry meters) {
        Gauge.builder(
                        "gongkai.ingest.state.restore.records",
                        this,
                        p -> p.snapshot().records())
                .description("Crawl state records read back from the state topic by the current or last restore")
                .register(meters);
        Gauge.builder(
                        "gongkai.ingest.state.restore.remaining",
                        this,
                        p -> p.snapshot().remaining())
                .description("Crawl state records left to read before the crawl can start (at most)")
                .register(meters);
        Gauge.builder("gongkai.ingest.state.restored", this, p -> p.snapshot().phase() == Phase.RESTORED ? 1 : 0)
                .description("1 when the crawl state was restored from its topic (the instance is ready), else 0")
                .register(meters);
    }

    synchronized void started() {
        phase = Phase.RESTORING;
        records = 0;
        total = 0;
        startedNanos = nanoTime.getAsLong();
        error = null;
    }

    /** The number of records between the beginning and the end offsets (an upper bound: compaction thins it). */
    synchronized void expect(long totalRecords) {
        total = totalRecords;
    }

    synchronized void read(long count) {
        records += count;
    }

    synchronized void finished() {
        phase = Phase.RESTORED;
        endedNanos = nanoTime.getAsLong();
    }

    synchronized void failed(String reason) {
        phase = Phase.FAILED;
        endedNanos = nanoTime.getAsLong();
        error = reason;
    }

    public synchronized Snapshot snapshot() {
        long end = phase == Phase.RESTORING ? nanoTime.getAsLong() : endedNanos;
        Duration elapsed = phase == Phase.PENDING ? Duration.ZERO : Duration.ofNanos(end - startedNanos);
        return new Snapshot(phase, records, total, elapsed, error);
    }
}
