package org.gongkai.index.consume;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether listener threads are stalled on Elasticsearch: a thread is stalled when it hands a batch back to the Kafka
 * error handler because Elasticsearch stays unavailable (its consumer is then paused and the batch redelivered with
 * backoff), and flowing again when one of its batches completes. Tracked per listener thread, since with
 * {@code spring.kafka.listener.concurrency > 1} one consumer may be stuck while another completes. Read by the
 * {@code indexing} health component, which readiness includes.
 *
 * <p>Thread-safe: written by the listener threads, read by health checks.
 */
public final class IndexingStatus {

    /** A stall: since when, how many records of the held batch, and the last failure. */
    public record Stall(Instant since, int records, String lastError) {}

    private final Clock clock;
    private final Map<String, Stall> stalls = new ConcurrentHashMap<>();

    public IndexingStatus(Clock clock) {
        this.clock = clock;
    }

    /** The calling thread's batch of {@code records} records could not be written; keeps the stall's start. */
    public void stalled(int records, String error) {
        Instant now = clock.instant();
        stalls.compute(
                Thread.currentThread().getName(),
                (thread, current) -> new Stall(current != null ? current.since() : now, records, error));
    }

    /** A batch of the calling thread completed. */
    public void flowing() {
        stalls.remove(Thread.currentThread().getName());
    }

    /** The oldest current stall, {@code null} while every listener thread's batches complete. */
    public Stall stall() {
        return stalls.values().stream().min(Comparator.comparing(Stall::since)).orElse(null);
    }

    /** Listener threads currently stalled. */
    public int stalledThreads() {
        return stalls.size();
    }
}
