package org.gongkai.ingest.crawl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BrokerWaits.Timer} the test runs by hand: {@link #runDue} runs the tasks due at {@code clock}'s time, as
 * the timer's thread would while the crawl waits. Not thread-safe: used on the test's (the crawl's) thread.
 */
final class ManualTimer implements BrokerWaits.Timer {

    private final Clock clock;
    private final List<Instant> due = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();

    ManualTimer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Runnable schedule(Runnable task, Duration delay) {
        due.add(clock.instant().plus(delay));
        tasks.add(task);
        int i = tasks.size() - 1;
        return () -> tasks.set(i, null);
    }

    void runDue() {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i) != null && !clock.instant().isBefore(due.get(i))) {
                tasks.set(i, null).run();
            }
        }
    }
}
