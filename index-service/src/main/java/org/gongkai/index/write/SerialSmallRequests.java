package org.gongkai.index.write;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BulkExecutor} that sends small requests (at most {@code maxDocuments} operations) one at a time across all
 * the threads that share it, and larger ones at once.
 *
 * <p>Why: at a trickle each consumer's poll is a request of a few notices, and the instance's consumers send them
 * independently, so two often overlap on the index's one shard. Elasticsearch then indexes them on two write threads
 * into two in-memory segments (Lucene gives each concurrent indexing thread its own), and every refresh writes two
 * small segments instead of one, which merges write again: more refresh, merge and write-thread CPU for the same
 * notices (docs/benchmarks.md, "Session 12: one small request at a time"). Sent one after the other they fill one
 * segment a refresh. A request waits at most for the small requests ahead of it (first come, first served), a few
 * tens of milliseconds at a trickle, against the refresh's second that every notice waits anyway. Under a backlog the
 * polls are large and go in parallel as before, so throughput is unchanged; should small requests pile up, the
 * consumers' next polls gather more and leave the gate. A request waits at most {@link #MAX_WAIT} for its turn and is
 * then sent at once: a small request that takes longer than that means a slow node, where the gate buys nothing, and
 * the bound keeps a batch's time within what {@code ConsumeConfiguration} checks against {@code max.poll.interval.ms}
 * (retry time plus one request timeout) instead of adding the other consumers' request timeouts to it.
 *
 * <p>Thread-safe. A thread interrupted while it waits gets an {@link InterruptedIOException} (no response: the
 * {@link BulkIndexer} keeps the operations for a retry or hands the batch back) with its interrupt flag set again.
 */
public final class SerialSmallRequests implements BulkExecutor {

    /** The longest a small request waits for the one ahead (a trickle's small request is answered in tens of ms). */
    static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private final BulkExecutor delegate;
    private final int maxDocuments;
    private final long maxWaitNanos;
    private final Semaphore turn = new Semaphore(1, true);

    /**
     * @param delegate     sends the requests
     * @param maxDocuments requests of at most this many operations go one at a time; 0 sends every request at once
     */
    public SerialSmallRequests(BulkExecutor delegate, int maxDocuments) {
        this(delegate, maxDocuments, MAX_WAIT);
    }

    SerialSmallRequests(BulkExecutor delegate, int maxDocuments, Duration maxWait) {
        if (maxDocuments < 0) {
            throw new IllegalArgumentException("maxDocuments must not be negative: " + maxDocuments);
        }
        this.delegate = delegate;
        this.maxDocuments = maxDocuments;
        this.maxWaitNanos = maxWait.toNanos();
    }

    @Override
    public List<ItemResult> execute(List<IndexOperation> operations) throws IOException {
        if (operations.size() > maxDocuments) {
            return delegate.execute(operations);
        }
        boolean ownTurn;
        try {
            ownTurn = turn.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException failure =
                    new InterruptedIOException("interrupted while waiting for a small bulk request ahead");
            failure.initCause(e);
            throw failure;
        }
        try {
            return delegate.execute(operations);
        } finally {
            if (ownTurn) {
                turn.release();
            }
        }
    }
}
