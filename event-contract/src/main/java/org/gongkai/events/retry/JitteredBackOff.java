package org.gongkai.events.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one exponential back-off of all services: Spring's {@link ExponentialBackOff} gives the sequence (initial
 * interval, multiplier, cap, attempt and elapsed-time limits), and each interval {@code v} it yields is then
 * shortened at random by up to {@code jitter × v} ("equal jitter" at {@code jitter = 0.5}: a wait between half and
 * all of {@code v}), so that instances or hosts failing together do not retry in step while the wait still grows.
 *
 * <p>Why not Spring's own {@link ExponentialBackOff#setJitter jitter}: it draws from {@code Math.random()}, which a
 * test cannot seed, and it lengthens waits past the nominal interval (up to {@code 1.5 v}); ours never waits
 * longer than the sequence says, and its random source is injected.
 *
 * <p>Thread-safe once built (the Spring back-off is not changed afterwards): each {@link #start()} returns a new,
 * single-threaded execution; the random source must be thread-safe (the default draws from
 * {@link ThreadLocalRandom}).
 */
public final class JitteredBackOff implements BackOff {

    private final ExponentialBackOff exponential;
    private final double jitter;
    private final DoubleSupplier random;

    /**
     * @param exponential the sequence; its own jitter must be 0 (it is not changed after this call)
     * @param jitter      largest fraction of an interval taken off at random, in [0, 1]; 0 for none
     * @param random      values in [0, 1)
     */
    public JitteredBackOff(ExponentialBackOff exponential, double jitter, DoubleSupplier random) {
        if (exponential.getJitter() != 0) {
            throw new IllegalArgumentException("the exponential back-off must have no jitter of its own");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
        this.exponential = exponential;
        this.jitter = jitter;
        this.random = random;
    }

    /**
     * Doubling from {@code initial} up to {@code max}, without limit of attempts or time, equal jitter drawn from
     * {@link ThreadLocalRandom}.
     */
    public static JitteredBackOff doubling(Duration initial, Duration max) {
        return doubling(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** As {@link #doubling(Duration, Duration)}, with the given random source (values in [0, 1)). */
    public static JitteredBackOff doubling(Duration initial, Duration max, DoubleSupplier random) {
        return new JitteredBackOff(exponential(initial, 2.0, max), 0.5, random);
    }

    /**
     * Spring's back-off from {@code initial} times {@code multiplier} up to {@code max}, unlimited until limits are
     * set on it; durations in whole milliseconds.
     */
    public static ExponentialBackOff exponential(Duration initial, double multiplier, Duration max) {
        ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), multiplier);
        backOff.setMaxInterval(max.toMillis());
        return backOff;
    }

    @Override
    public BackOffExecution start() {
        BackOffExecution sequence = exponential.start();
        return new BackOffExecution() {
            @Override
            public long nextBackOff() {
                long interval = sequence.nextBackOff();
                return interval == STOP ? STOP : shorten(interval);
            }

            @Override
            public String toString() {
                return "JitteredBackOff(" + sequence + ", jitter " + jitter + ")";
            }
        };
    }

    /**
     * The wait before retry {@code retry} (1 for the first) of a fresh execution, or {@code null} past the
     * attempt or time limit. Costs {@code retry} steps: for callers that count failures themselves.
     */
    public Duration delay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1, was " + retry);
        }
        BackOffExecution execution = start();
        long wait = BackOffExecution.STOP;
        for (int i = 0; i < retry; i++) {
            wait = execution.nextBackOff();
            if (wait == BackOffExecution.STOP) {
                return null;
            }
        }
        return Duration.ofMillis(wait);
    }

    private long shorten(long interval) {
        return interval - Math.round(interval * jitter * random.getAsDouble());
    }

    @Override
    public String toString() {
        return "JitteredBackOff(" + exponential + ", jitter " + jitter + ")";
    }
}
