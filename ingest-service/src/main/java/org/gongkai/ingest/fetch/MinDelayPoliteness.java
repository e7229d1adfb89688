package org.gongkai.ingest.fetch;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * In-process politeness: one request at a time per host, and at least {@code minDelay} between the end of one
 * request to a host and the start of the next. Hosts are compared case-insensitively. Thread-safe; threads
 * waiting for the same host are served in arrival order.
 *
 * <p>The host table only grows; it holds one small entry per host ever contacted, which the configured sites
 * bound.
 */
public final class MinDelayPoliteness implements HostPoliteness {

    private final long minDelayNanos;
    private final ConcurrentHashMap<String, HostSlot> hosts = new ConcurrentHashMap<>();

    public MinDelayPoliteness(Duration minDelay) {
        this.minDelayNanos = minDelay.toNanos();
    }

    @Override
    public Turn acquire(String host) throws InterruptedException {
        HostSlot slot = hosts.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new HostSlot());
        slot.permit.acquire();
        try {
            long wait = slot.notBefore - System.nanoTime();
            if (slot.used && wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        } catch (InterruptedException e) {
            slot.permit.release();
            throw e;
        }
        return new Turn() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    slot.used = true;
                    slot.notBefore = System.nanoTime() + minDelayNanos;
                    slot.permit.release();
                }
            }
        };
    }

    private static final class HostSlot {
        final Semaphore permit = new Semaphore(1, true);
        // Written before release and read after acquire of the same semaphore: visible to the next holder.
        boolean used;
        long notBefore;
    }
}
