package org.gongkai.ingest.fetch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pauses of failing hosts as {@link MinDelayPoliteness} applies them (session 18): measured on the clock,
 * recorded in {@link HostPauses} when one starts, removed when the host answers again, and looked up before each
 * turn, so that a pause recorded by an earlier process or by the host's former owner is honoured. Every method is
 * called by the holder of the host's permit ({@link HostSlot}); the record store is thread-safe.
 */
final class HostPausing {

    private static final Logger log = LoggerFactory.getLogger(MinDelayPoliteness.class);

    private final HostPauses pauses;
    private final Clock clock;
    private final Duration pause;
    private final MeterRegistry meters;

    HostPausing(HostPauses pauses, Clock clock, Duration pause, MeterRegistry meters) {
        this.pauses = pauses;
        this.clock = clock;
        this.pause = pause;
        this.meters = meters;
    }

    /**
     * What is left of the host's pause now: this process's, or one recorded that it did not know (restored after a
     * restart, or written by the host's former owner), which it then takes over with its failure count; a recorded
     * pause that had ended before this process knew of it is dropped. Zero when none.
     */
    Duration left(String host, HostSlot slot) {
        Instant now = clock.instant();
        HostPause recorded = pauses.pause(host).orElse(null);
        if (recorded != null && (slot.pausedUntil == null || recorded.until().isAfter(slot.pausedUntil))) {
            if (recorded.until().isAfter(now)) {
                slot.pausedUntil = recorded.until();
                slot.failures = Math.max(slot.failures, recorded.failures());
                log.info(
                        "host {}: paused until {} as recorded in the crawl state ({} failures in a row, the last: {})",
                        host,
                        recorded.until(),
                        recorded.failures(),
                        recorded.reason());
            } else if (slot.pausedUntil == null) {
                log.info(
                        "host {}: its recorded pause ended at {} before this instance met it; dropped",
                        host,
                        recorded.until());
                pauses.removePause(host);
            }
        }
        Instant until = slot.pausedUntil;
        if (until == null || !until.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, until);
    }

    /**
     * Pauses the host for {@code pause} from now: recorded (so that it outlives the process), counted and logged, one
     * WARN line a pause, the first and each renewal after a failed probe alike.
     *
     * @param reason the last failure
     */
    void pause(String host, HostSlot slot, String reason) {
        Instant until = clock.instant().plus(pause);
        boolean again = slot.pausedUntil != null;
        slot.pausedUntil = until;
        pauses.putPause(new HostPause(host, until, slot.failures, reason));
        Counter.builder("gongkai.ingest.politeness.pauses")
                .description("Pauses of hosts that kept failing, each renewal after a failed probe included")
                .tag("host", host)
                .register(meters)
                .increment();
        log.warn(
                "host {}: {} for {} until {}, {} failures in a row, the last: {}",
                host,
                again ? "paused again" : "paused",
                pause,
                until,
                slot.failures,
                reason);
    }

    /**
     * Whether the host's pause known to this process runs now. Unlike the other methods, read without the permit
     * (the slot's end is volatile); a recorded pause this process has not looked up yet is not seen.
     */
    boolean pausedNow(HostSlot slot) {
        Instant until = slot.pausedUntil;
        return until != null && until.isAfter(clock.instant());
    }

    /** The host answered: a pause it had is over, its record removed. */
    void answered(String host, HostSlot slot) {
        if (slot.pausedUntil != null) {
            slot.pausedUntil = null;
            pauses.removePause(host);
            log.info("host {}: answered again after its pause", host);
        }
    }
}
