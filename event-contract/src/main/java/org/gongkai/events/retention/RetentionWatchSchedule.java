package org.gongkai.events.retention;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link RetentionWatch}: once while the application starts, before the Kafka listener containers (a lower
 * lifecycle phase), so that records lost while the service was down are counted before the consumer skips them;
 * then every {@code interval} on one daemon thread. A failed check is logged and the next one runs as planned.
 */
public class RetentionWatchSchedule implements SmartLifecycle {

    /** Before Spring Kafka's listener containers ({@code Integer.MAX_VALUE - 100}). */
    public static final int PHASE = Integer.MAX_VALUE - 200;

    private static final Logger log = LoggerFactory.getLogger(RetentionWatchSchedule.class);

    private final RetentionWatch watch;
    private final Duration interval;
    private final AutoCloseable resources;
    private ScheduledExecutorService executor;

    /** @param resources closed on stop (the watch's admin client) */
    public RetentionWatchSchedule(RetentionWatch watch, Duration interval, AutoCloseable resources) {
        this.watch = watch;
        this.interval = interval;
        this.resources = resources;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        runOnce();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gongkai-retention-watch");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            watch.check();
        } catch (RuntimeException e) {
            log.warn("Retention check failed (next in {}): {}", interval, e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        try {
            resources.close();
        } catch (Exception e) {
            log.debug("closing the retention watch's clients", e);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
