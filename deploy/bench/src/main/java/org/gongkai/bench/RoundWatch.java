package org.gongkai.bench;

import java.time.Duration;

/**
 * What one round of the end-to-end stage watches (the warm-up round and the timed one alike): the searchable poller
 * and the two topic watchers that feed it, {@code notices.raw} (publish times; its fetches held {@link #RAW_FETCH_WAIT})
 * and {@code notices.enriched} (enriched times), both from the topics' current ends and reading keys and timestamps
 * only. Closed in the reverse order of
 * opening; used by one thread (the watchers and the poller run on threads of their own).
 */
record RoundWatch(Latencies latencies, TopicWatcher raw, TopicWatcher enriched) implements AutoCloseable {

    /** The read alias the poller searches. */
    static final String ALIAS = "notices";

    /**
     * How long the broker holds the raw watcher's fetches. The enriched watcher's are not held: the moment it reads a
     * record is the "readable" time it measures.
     */
    static final Duration RAW_FETCH_WAIT = Duration.ofMillis(100);

    static RoundWatch open(BenchRun run) {
        Latencies latencies = new Latencies(run.es, ALIAS, 100);
        TopicWatcher raw = null;
        try {
            // publish times are the records' timestamps: reading them up to RAW_FETCH_WAIT later changes no figure
            // (PendingIds owes a notice learnt of after a refresh a search at once)
            raw = TopicWatcher.keysFromEndEvery(
                    run.kafka,
                    PipelineBenchmark.RAW,
                    PipelineBenchmark.PARTITIONS,
                    RAW_FETCH_WAIT,
                    r -> latencies.published(r.key(), r.timestamp()));
            TopicWatcher enriched = TopicWatcher.keysFromEnd(
                    run.kafka,
                    PipelineBenchmark.ENRICHED,
                    PipelineBenchmark.PARTITIONS,
                    r -> latencies.enriched(r.key(), r.timestamp(), System.currentTimeMillis()));
            return new RoundWatch(latencies, raw, enriched);
        } catch (RuntimeException e) {
            if (raw != null) {
                raw.close();
            }
            latencies.close();
            throw e;
        }
    }

    @Override
    public void close() {
        enriched.close();
        raw.close();
        latencies.close();
    }
}
