package org.gongkai.ingest.fetch;

import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link MinDelayPoliteness} knows of one host: its one permit, its timing and its failures. The plain fields
 * are written by the permit's holder before it releases it and read after acquiring it, so the next holder sees them.
 */
final class HostSlot {
    final Semaphore permit = new Semaphore(1, true);
    final AtomicInteger waiting = new AtomicInteger();
    boolean used;
    long notBefore;
    int failures;
    /**
     * The end of the host's last pause (ended or not) until it answers again; null when not paused. Written by the
     * permit's holder; volatile so that {@link MinDelayPoliteness#paused} may read it without the permit.
     */
    volatile Instant pausedUntil;

    volatile long crawlDelayNanos;
    /** The host's own min-delay (a site override), or -1 for the configured one. */
    volatile long minDelayNanos = -1;
}
