package org.gongkai.enrich.classify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link ContinuousTrainer} says while it waits for examples or changes: a line when the reason's kind
 * changes (after the first poll; from examples to changes), and when the trainer has caught up with the topic, at most
 * once every {@link #CAUGHT_UP_LINE_EVERY} (session 19's re-trial: a crawl that publishes steadily had the trainer
 * catch up after nearly every notice, 38 lines in 5 minutes), never the same line twice in a row, nothing on idle
 * polls. Logged by the trainer's logger. Not thread-safe (the trainer's one consumer thread).
 */
final class WaitingLines {

    private static final Logger log = LoggerFactory.getLogger(ContinuousTrainer.class);

    /** At most one "caught up" line in this long. */
    static final Duration CAUGHT_UP_LINE_EVERY = Duration.ofMinutes(5);

    private final Clock clock;
    private String lastKind;
    private String lastLogged;
    private Instant caughtUpLoggedAt;

    WaitingLines(Clock clock) {
        this.clock = clock;
    }

    /** A decision not to train, of {@code kind} (e.g. "training", "changes"): said when the kind changed. */
    void skipped(String kind, String reason) {
        boolean changedKind = !kind.equals(lastKind);
        lastKind = kind;
        if (changedKind) {
            say(reason);
        }
    }

    /** The trainer caught up with the topic and waits for {@code reason}. */
    void caughtUp(String reason) {
        Instant now = clock.instant();
        if ((caughtUpLoggedAt == null || !now.isBefore(caughtUpLoggedAt.plus(CAUGHT_UP_LINE_EVERY))) && say(reason)) {
            caughtUpLoggedAt = now;
        }
    }

    /** A candidate was trained: the next wait is said afresh. */
    void attempted() {
        lastKind = null;
        lastLogged = null;
    }

    private boolean say(String reason) {
        if (reason.equals(lastLogged)) {
            return false;
        }
        log.info("{}", reason);
        lastLogged = reason;
        return true;
    }
}
