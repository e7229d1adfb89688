package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says so when a crawl waits for the broker: its crawl state to be stored ({@link CrawlState#flush()}, at the start
 * and end of each crawl), its notices to be acknowledged ({@link PublishWindow}), a tombstone ({@link
 * GoneNotices}), or a crawl state record to be taken by the state producer ({@link StateTopicWriter}: {@code
 * KafkaProducer.send} blocks the crawl's thread up to {@code max.block.ms} while the state topic's metadata is
 * unknown, e.g. after the producer dropped it when a frozen broker's records expired). The crawl does wait: it
 * records nothing the broker has not acknowledged, so a broker that is frozen (its connections open, no answer)
 * holds the crawl until it answers or the producer's {@code delivery.timeout.ms} (2 min by default; {@code
 * max.block.ms} for a send, 1 min) fails the records; nothing is lost either way. A wait longer than the threshold
 * logs one WARN (site, or the host of a pause, what it waits for, how long so far) and counts in {@code
 * gongkai.ingest.crawls.waiting.for.broker} while it lasts; when it ends, one INFO.
 *
 * <p>Cost of a wait that ends before the threshold (each state record's send is one): a task scheduled and cancelled
 * on the timer, no log line.
 *
 * <p>Thread-safe. The WARN is written by the timer's thread (the crawl's is the one waiting).
 */
public final class BrokerWaits {

    private static final Logger log = LoggerFactory.getLogger(SiteCrawler.class);

    /**
     * How long a crawl waits for the broker before the WARN unless configured ({@code publish.broker-wait-warning}):
     * a healthy broker acknowledges within milliseconds.
     */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(10);

    /** Runs a task after a delay; returns what cancels it. */
    interface Timer {
        Runnable schedule(Runnable task, Duration delay);
    }

    /** A wait for the broker, e.g. a flush, taking the next acknowledgement, an awaited send ({@code E}: its failure). */
    interface Blocking<T, E extends Exception> {
        T call() throws E, InterruptedException;
    }

    /** The waits of one site's crawl. */
    interface OfSite {
        /** Waits through {@code wait}, said to be waiting for {@code what} (e.g. "its crawl state to be stored"). */
        <T, E extends Exception> T await(String what, Blocking<T, E> wait) throws E, InterruptedException;

        /** As {@link #await} for a wait that cannot be interrupted. */
        default void run(String what, Runnable wait) {
            try {
                await(what, () -> {
                    wait.run();
                    return null;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits without a watch (tests of the window alone). */
    static final OfSite UNWATCHED = new OfSite() {
        @Override
        public <T, E extends Exception> T await(String what, Blocking<T, E> wait) throws E, InterruptedException {
            return wait.call();
        }
    };

    private final Duration threshold;
    private final Clock clock;
    private final Timer timer;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter longWaits;

    BrokerWaits(Duration threshold, Clock clock, Timer timer, MeterRegistry meters) {
        this.threshold = threshold;
        this.clock = clock;
        this.timer = timer;
        Gauge.builder("gongkai.ingest.crawls.waiting.for.broker", waiting, AtomicInteger::doubleValue)
                .description("Crawls waiting for the broker (state flush or send, notice acks) longer than "
                        + threshold.toSeconds() + " s now")
                .register(meters);
        this.longWaits = Counter.builder("gongkai.ingest.crawl.broker.waits")
                .description("Waits of crawls for the broker that took longer than " + threshold.toSeconds() + " s")
                .register(meters);
    }

    /** On the system clock, timed by one daemon thread shared by the process. */
    public static BrokerWaits of(Duration threshold, MeterRegistry meters) {
        return new BrokerWaits(threshold, Clock.systemUTC(), SharedTimer::schedule, meters);
    }

    /** The waits of the crawl of {@code siteId}. */
    OfSite forSite(String siteId) {
        return watching("site " + siteId);
    }

    /**
     * The waits for the pause of {@code host} to be sent (by the crawl that fetched from it, whose site the pause
     * does not know).
     */
    OfSite forHost(String host) {
        return watching("host " + host);
    }

    /** @param who whose wait it is in the log lines: {@code site <id>} or {@code host <host>} */
    private OfSite watching(String who) {
        return new OfSite() {
            @Override
            public <T, E extends Exception> T await(String what, Blocking<T, E> wait) throws E, InterruptedException {
                Watch watch = new Watch(who, what, clock.instant());
                Runnable cancel = timer.schedule(watch::warn, threshold);
                try {
                    return wait.call();
                } finally {
                    cancel.run();
                    watch.ended();
                }
            }
        };
    }

    /** One wait: warned at most once, and then told when it ended. */
    private final class Watch {
        private final String who;
        private final String what;
        private final Instant start;
        private boolean warned;
        private boolean ended;

        Watch(String who, String what, Instant start) {
            this.who = who;
            this.what = what;
            this.start = start;
        }

        synchronized void warn() {
            if (ended || warned) {
                return;
            }
            warned = true;
            waiting.incrementAndGet();
            longWaits.increment();
            log.warn(
                    "{}: waiting {} s for the broker: {} (the crawl goes on when the broker answers, or its records"
                            + " fail after the producer's delivery.timeout.ms, max.block.ms for a send; nothing is"
                            + " recorded unacknowledged)",
                    who,
                    seconds(),
                    what);
        }

        synchronized void ended() {
            ended = true;
            if (warned) {
                waiting.decrementAndGet();
                // A flush also returns when its records expired (delivery.timeout.ms) with the broker still silent,
                // and the failures go to the send callbacks: this line cannot tell which (session 19's re-trial).
                log.info(
                        "{}: the wait for the broker ended after {} s ({}): it answered, or the records failed"
                                + " (logged apart); the crawl goes on",
                        who,
                        seconds(),
                        what);
            }
        }

        private long seconds() {
            return Duration.between(start, clock.instant()).toSeconds();
        }
    }

    /** One daemon thread for the process: the tasks are tiny (a log line). */
    private static final class SharedTimer {
        private static final ScheduledThreadPoolExecutor EXECUTOR = executor();

        private static ScheduledThreadPoolExecutor executor() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, "crawl-broker-wait-watch");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }

        static Runnable schedule(Runnable task, Duration delay) {
            ScheduledFuture<?> future = EXECUTOR.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        }
    }
}
