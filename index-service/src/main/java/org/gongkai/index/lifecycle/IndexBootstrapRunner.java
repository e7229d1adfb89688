package org.gongkai.index.lifecycle;

import java.time.Duration;
import org.gongkai.events.retry.JitteredBackOff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Runs the {@link IndexBootstrap} in the background after the context has started, retrying with exponential
 * backoff (1 s doubling to 30 s, equal jitter: {@link JitteredBackOff}) until it succeeds, and then runs {@code onReady} (which starts the
 * Kafka listener). Start-up therefore never blocks on Elasticsearch, and nothing is consumed before the index and
 * its aliases exist.
 *
 * <p>Thread-safe: {@link #state()} and {@link #lastError()} may be read from any thread (health checks).
 */
public final class IndexBootstrapRunner implements SmartLifecycle {

    /** Where the bootstrap stands. */
    public enum State {
        /** Not started or still retrying. */
        PENDING,
        /** Index and aliases are in place. */
        READY,
        /** Bootstrap turned off by configuration: the index is managed elsewhere. */
        DISABLED
    }

    /** The work to retry: {@link IndexBootstrap#run()}. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(IndexBootstrapRunner.class);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final Task bootstrap;
    private final boolean enabled;
    private final Runnable onReady;
    private final JitteredBackOff backOff;
    private volatile State state = State.PENDING;
    private volatile String lastError;
    private volatile Thread worker;
    private volatile boolean running;

    public IndexBootstrapRunner(Task bootstrap, boolean enabled, Runnable onReady) {
        this(bootstrap, enabled, onReady, Duration.ofSeconds(1));
    }

    IndexBootstrapRunner(Task bootstrap, boolean enabled, Runnable onReady, Duration firstPause) {
        this.bootstrap = bootstrap;
        this.enabled = enabled;
        this.onReady = onReady;
        this.backOff = JitteredBackOff.doubling(firstPause, LONGEST_PAUSE);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (state != State.PENDING) {
            return;
        }
        if (!enabled) {
            state = State.DISABLED;
            log.info("Index bootstrap disabled (gongkai.index.bootstrap=false)");
            onReady.run();
            return;
        }
        Thread thread = new Thread(this::runUntilDone, "index-bootstrap");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    private void runUntilDone() {
        BackOffExecution pauses = backOff.start();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                bootstrap.run();
                lastError = null;
                state = State.READY;
                break;
            } catch (Exception e) {
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            long pause = pauses.nextBackOff(); // unlimited: never STOP
            log.warn("Index bootstrap failed, retrying in {} ms: {}", pause, lastError);
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (state == State.READY && running) {
            onReady.run();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread thread = worker;
        worker = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public State state() {
        return state;
    }

    /** The last failure while still {@link State#PENDING}, else {@code null}. */
    public String lastError() {
        return lastError;
    }
}
