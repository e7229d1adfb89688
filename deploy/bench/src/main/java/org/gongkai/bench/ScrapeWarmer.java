package org.gongkai.bench;

import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * Scrapes index-service's figures ({@link BulkRequestFigures#scrape}) every second during the end-to-end warm-up
 * round, as the timed round's timeline does. Without it the service first ran its actuator's Prometheus path (Tomcat,
 * Spring Security, Micrometer, the Prometheus exposition, the Kafka clients' gauges) in the timed round, and its
 * compiler threads compiled that path there: ~250 of the round's ~1,200 compile tasks in a short run, and the
 * round's index-service JIT per notice did not fall with a longer warm-up (docs/benchmarks.md, "Session 15: what
 * index-service keeps compiling").
 *
 * <p>One daemon thread of its own; {@link #close()} stops it and waits for it. A failed scrape is ignored
 * ({@link BulkRequestFigures#scrape} already answers an unreachable service with empty figures).
 */
final class ScrapeWarmer implements AutoCloseable {

    private final Thread thread;

    private ScrapeWarmer(Thread thread) {
        this.thread = thread;
    }

    /** Starts scraping index-service on {@code port} every second. */
    static ScrapeWarmer start(int port) {
        return start(port, Duration.ofSeconds(1), BulkRequestFigures::scrape);
    }

    /** Calls {@code scrape} with {@code port} every {@code interval} until closed. */
    static ScrapeWarmer start(int port, Duration interval, IntConsumer scrape) {
        Thread thread = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            scrape.accept(port);
                            Thread.sleep(interval.toMillis()); // pacing, as the timeline's samples
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            if (Thread.currentThread().isInterrupted()) {
                                return; // scrape() turns an interrupt into an exception
                            }
                        }
                    }
                },
                "scrape-warmer");
        thread.setDaemon(true);
        thread.start();
        return new ScrapeWarmer(thread);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(35).toMillis()); // a scrape's own timeout is 30 s
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isRunning() {
        return thread.isAlive();
    }
}
