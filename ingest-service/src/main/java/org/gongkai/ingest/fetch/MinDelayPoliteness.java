package org.gongkai.ingest.fetch;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.gongkai.events.retry.JitteredBackOff;
import org.gongkai.ingest.site.IngestProperties;

/**
 * In-process politeness. Per host: one request at a time, and between the end of one request and the start of
 * the next at least the longer of {@code min-delay} and the host's robots.txt {@code Crawl-delay} (capped at
 * {@code max-crawl-delay}). After a failed request the host's next turn waits an exponential backoff
 * ({@code backoff-base} doubled per consecutive failure up to {@code backoff-max}, minus random jitter of up to
 * half, so that hosts failing together do not retry in step), or the server's Retry-After; after
 * {@code pause-after-failures} consecutive failures the host is paused for {@code pause}. A success clears the
 * failure count. Over all hosts at most {@code max-concurrent-requests} requests are in flight.
 *
 * <p>A turn further away than {@code max-wait}, or any turn of a paused host (since session 18: also in the pause's
 * last {@code max-wait}), is not waited for: {@link #acquire} throws {@link HostPausedException} at once, so one
 * paused host does not stall the crawl of the others. A probe's turn ({@link #acquireProbe}) passes a pause.
 *
 * <p><b>Pauses outlive the process</b> (session 18): a pause is measured on the injected {@link Clock} and recorded
 * in {@link HostPauses} (the service's crawl state, key {@code host:<host>}) with its end, the failures and the last
 * one's reason, and every turn looks the host's recorded pause up. So a restarted instance (a kill -9) that meets a
 * host whose recorded pause has not ended defers its pages at once instead of failing {@code pause-after-failures}
 * times more; it also takes over the failure count, so when the pause ends one probe request is sent (after a
 * restart preceded by the host's robots.txt, whose 4xx is {@linkplain HostPoliteness.Turn#inconclusive
 * inconclusive}), and if that fails too the host is paused again (as in the process that paused it). A recorded pause that ended before this
 * process first asked for the host (while the service was down) is dropped: the host is met afresh. When the host
 * answers a request after a pause, the record is removed. The instance that owns a host ({@link HostAssignment})
 * writes its pauses; when the host moves to another instance (coordination on, the state topic followed), that one
 * reads the pause from the topic and honours its rest, with the failure count; a pause written late by the old owner
 * (its last request, finished while the host moved) is honoured once the follower has read it.
 *
 * <p>Every pause, the first and each renewal after a failed probe, logs one WARN line (host, length, end,
 * failures, the last failure) and counts in {@code gongkai.ingest.politeness.pauses} (counter, tag {@code host}).
 *
 * <p>Thread-safe; threads waiting for the same host are served in arrival order. The host table only grows; it
 * holds one small entry per host ever contacted, which the configured sites bound. Metric: {@code
 * gongkai.ingest.politeness.wait} (timer, tag {@code host}): time spent waiting for turns. Short waits (delays,
 * backoff, Retry-After) are measured on {@link System#nanoTime()} and held in memory only.
 *
 * <p>Limit: the limits hold within one process. Several instances crawling the same hosts must split the hosts
 * between them (each site configured on one instance, or host coordination).
 */
public final class MinDelayPoliteness implements HostPoliteness {

    private final IngestProperties.Politeness config;
    private final Semaphore global;
    private final MeterRegistry meters;
    private final JitteredBackOff backOff;
    private final HostPausing pausing;
    private final ConcurrentHashMap<String, HostSlot> hosts = new ConcurrentHashMap<>();

    /** Only a minimum delay; other settings at their defaults. */
    public MinDelayPoliteness(Duration minDelay) {
        this(IngestProperties.Politeness.withMinDelay(minDelay), new SimpleMeterRegistry());
    }

    /** Pauses kept in this process only, on the system clock. */
    public MinDelayPoliteness(IngestProperties.Politeness config, MeterRegistry meters) {
        this(config, meters, HostPauses.inMemory(), Clock.systemUTC());
    }

    /**
     * @param pauses where host pauses are recorded and looked up (the crawl state, so that they outlive a restart)
     * @param clock  what pauses are measured on
     */
    public MinDelayPoliteness(
            IngestProperties.Politeness config, MeterRegistry meters, HostPauses pauses, Clock clock) {
        this(config, meters, pauses, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random source of jitter in [0, 1) */
    MinDelayPoliteness(IngestProperties.Politeness config, MeterRegistry meters, DoubleSupplier random) {
        this(config, meters, HostPauses.inMemory(), Clock.systemUTC(), random);
    }

    /** @param random source of jitter in [0, 1) */
    MinDelayPoliteness(
            IngestProperties.Politeness config,
            MeterRegistry meters,
            HostPauses pauses,
            Clock clock,
            DoubleSupplier random) {
        this.config = config;
        this.pausing = new HostPausing(pauses, clock, config.pause(), meters);
        this.global = new Semaphore(config.maxConcurrentRequests(), true);
        this.meters = meters;
        this.backOff = JitteredBackOff.doubling(config.backoffBase(), config.backoffMax(), random);
    }

    @Override
    public Turn acquire(String host) throws HostPausedException, InterruptedException {
        return acquire(host, false);
    }

    /**
     * A probe's turn passes the host's pause: one request, sent only for a page that answered 5xx in the same crawl
     * (so at most once a pause is tripped by a crawl that reached the host), whose answer decides whether that page
     * or the host is at fault. A probe served ends the pause (the host is up); one that fails renews it.
     */
    @Override
    public Turn acquireProbe(String host) throws HostPausedException, InterruptedException {
        return acquire(host, true);
    }

    private Turn acquire(String host, boolean probe) throws HostPausedException, InterruptedException {
        String key = host.toLowerCase(Locale.ROOT);
        HostSlot slot = hosts.computeIfAbsent(key, h -> new HostSlot());
        long start = System.nanoTime();
        slot.waiting.incrementAndGet();
        try {
            slot.permit.acquire();
            try {
                // A paused host is never waited for, however soon its pause ends (session 18's trial: in the
                // pause's last max-wait the crawl waited, holding the site's other hosts' pages).
                Duration paused = probe ? Duration.ZERO : pausing.left(key, slot);
                if (!paused.isZero()) {
                    throw new HostPausedException(key, paused);
                }
                long wait = slot.notBefore - System.nanoTime();
                if (slot.used && wait > 0) {
                    if (wait > config.maxWait().toNanos()) {
                        throw new HostPausedException(key, Duration.ofNanos(wait));
                    }
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                // Taken after the host's pause, so a waiting host does not hold a global slot.
                global.acquire();
            } catch (InterruptedException | HostPausedException e) {
                slot.permit.release();
                throw e;
            }
        } finally {
            slot.waiting.decrementAndGet();
        }
        Timer.builder("gongkai.ingest.politeness.wait")
                .description("Time spent waiting for a turn to send a request to a host")
                .tag("host", key)
                .register(meters)
                .record(Duration.ofNanos(System.nanoTime() - start));
        return new HostTurn(key, slot);
    }

    @Override
    public void crawlDelay(String host, Duration delay) {
        Duration capped = delay.compareTo(config.maxCrawlDelay()) > 0 ? config.maxCrawlDelay() : delay;
        hosts.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new HostSlot()).crawlDelayNanos =
                Math.max(0, capped.toNanos());
    }

    /**
     * Sets the host's own minimum delay, replacing {@code min-delay} for it (a site's {@code politeness.min-delay});
     * a longer robots.txt {@code Crawl-delay} still wins. Where called twice for a host, the longer delay stays.
     */
    public void minDelay(String host, Duration delay) {
        long nanos = Math.max(0, delay.toNanos());
        HostSlot slot = hosts.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new HostSlot());
        synchronized (slot) {
            slot.minDelayNanos = Math.max(slot.minDelayNanos, nanos);
        }
    }

    /** A pause this process started or took over and that runs now; read without the host's permit. */
    @Override
    public boolean paused(String host) {
        HostSlot slot = hosts.get(host.toLowerCase(Locale.ROOT));
        return slot != null && pausing.pausedNow(slot);
    }

    @Override
    public int waiting(String host) {
        HostSlot slot = hosts.get(host.toLowerCase(Locale.ROOT));
        return slot == null ? 0 : slot.waiting.get();
    }

    /** Requests in flight over all hosts now (benchmarks, diagnostics). */
    public int inFlight() {
        return config.maxConcurrentRequests() - global.availablePermits();
    }

    /** Consecutive failures of a host so far (tests, diagnostics). */
    public int failures(String host) {
        HostSlot slot = hosts.get(host.toLowerCase(Locale.ROOT));
        return slot == null ? 0 : slot.failures;
    }

    /**
     * The wait after {@code failures} consecutive failures: the shared {@link JitteredBackOff} (the backoff less up
     * to half of it at random); from {@code pause-after-failures} on, the pause, whole.
     */
    Duration jitteredBackoff(int failures) {
        if (failures >= config.pauseAfterFailures()) {
            return config.pause();
        }
        return backOff.delay(failures);
    }

    /** The backoff after {@code failures} consecutive failures, before jitter (the longest wait). */
    Duration backoff(int failures) {
        if (failures >= config.pauseAfterFailures()) {
            return config.pause();
        }
        return JitteredBackOff.doubling(config.backoffBase(), config.backoffMax(), () -> 0.0)
                .delay(failures);
    }

    private final class HostTurn implements Turn {
        private final String host;
        private final HostSlot slot;
        private boolean closed;
        private boolean failed;
        private boolean inconclusive;
        private String reason = "";
        private long retryAfterNanos = -1;

        HostTurn(String host, HostSlot slot) {
            this.host = host;
            this.slot = slot;
        }

        @Override
        public void failed(String why) {
            failed = true;
            reason = why;
        }

        @Override
        public void inconclusive() {
            inconclusive = true;
        }

        @Override
        public void retryAfter(Duration wait) {
            failed = true;
            reason = "asked to wait " + wait + " (Retry-After)";
            retryAfterNanos = Math.max(0, wait.toNanos());
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            global.release();
            long now = System.nanoTime();
            long minDelay = slot.minDelayNanos >= 0
                    ? slot.minDelayNanos
                    : config.minDelay().toNanos();
            long pause = Math.max(minDelay, slot.crawlDelayNanos);
            if (failed) {
                slot.failures++;
                if (slot.failures >= config.pauseAfterFailures()) {
                    pausing.pause(host, slot, reason);
                    pause = Math.max(pause, retryAfterNanos);
                } else {
                    pause = Math.max(
                            pause, Math.max(jitteredBackoff(slot.failures).toNanos(), retryAfterNanos));
                }
            } else if (!inconclusive) {
                slot.failures = 0;
                pausing.answered(host, slot);
            }
            slot.used = true;
            slot.notBefore = now + pause;
            slot.permit.release();
        }
    }
}
