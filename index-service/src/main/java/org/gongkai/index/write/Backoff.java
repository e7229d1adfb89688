package org.gongkai.index.write;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": retry {@code n} waits between half and all of
 * {@code min(max, initial * 2^(n-1))}, so instances retrying together spread out while the wait still grows.
 *
 * @param initial base wait before the first retry
 * @param max     cap on the base wait
 */
public record Backoff(Duration initial, Duration max) {

    /** Wait before retry {@code retry} (1 for the first); {@code random} yields values in [0, 1). */
    public Duration delay(int retry, DoubleSupplier random) {
        long base = initial.toMillis();
        for (int i = 1; i < retry && base < max.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, max.toMillis());
        long half = base / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (base - half)));
    }
}
