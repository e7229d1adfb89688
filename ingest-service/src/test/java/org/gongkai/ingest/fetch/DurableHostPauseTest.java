package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.testsupport.LogCapture;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A host's pause is recorded where the crawl state keeps it ({@link HostPauses}) and honoured by a politeness that
 * starts afresh on the same record (a restarted service): measured on the clock, not the wall. Two failures pause a
 * host for 30 min; a turn more than 1 s away is not waited for.
 */
class DurableHostPauseTest {

    private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    private static final Duration PAUSE = Duration.ofMinutes(30);
    private static final String HOST = "127.0.0.65";
    private static final IngestProperties.Politeness CONFIG = new IngestProperties.Politeness(
            Duration.ZERO,
            Duration.ofSeconds(60),
            8,
            Duration.ofMillis(1),
            Duration.ofMillis(4),
            2,
            PAUSE,
            Duration.ofSeconds(1));

    private final MutableClock clock = new MutableClock(T0);
    private final HostPauses recorded = HostPauses.inMemory();

    @RegisterExtension
    final LogCapture log = LogCapture.of(MinDelayPoliteness.class);

    private MinDelayPoliteness politeness(SimpleMeterRegistry meters) {
        return new MinDelayPoliteness(CONFIG, meters, recorded, clock, () -> 0.999);
    }

    private static void fail(HostPoliteness politeness, String reason) throws Exception {
        try (HostPoliteness.Turn turn = politeness.acquire(HOST)) {
            turn.failed(reason);
        }
    }

    private static Duration pausedFor(HostPoliteness politeness) {
        try {
            politeness.acquire(HOST).close();
        } catch (HostPausedException e) {
            return e.remaining();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return Duration.ZERO;
    }

    private List<String> warnings() {
        return log.messages(Level.WARN);
    }

    private static double pauses(SimpleMeterRegistry meters) {
        return meters.counter("gongkai.ingest.politeness.pauses", "host", HOST).count();
    }

    @Test
    void aPauseIsRecordedWithItsEndTheFailuresAndTheLastReason() throws Exception {
        MinDelayPoliteness politeness = politeness(new SimpleMeterRegistry());

        fail(politeness, "HTTP 500 from GET http://127.0.0.65/a.html");
        assertThat(recorded.pause(HOST))
                .as("one failure is a backoff, no pause")
                .isEmpty();
        fail(politeness, "HTTP 502 from GET http://127.0.0.65/b.html");

        assertThat(recorded.pause(HOST))
                .contains(new HostPause(HOST, T0.plus(PAUSE), 2, "HTTP 502 from GET http://127.0.0.65/b.html"));
        assertThat(pausedFor(politeness)).isEqualTo(PAUSE);
    }

    @Test
    void aNewInstanceOnTheRecordedPauseDefersTheHostAtOnceUntilItsEndThenProbesItOnce() throws Exception {
        MinDelayPoliteness first = politeness(new SimpleMeterRegistry());
        fail(first, "refused");
        fail(first, "refused");
        clock.advance(Duration.ofMinutes(10));

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MinDelayPoliteness restarted = politeness(meters);

        assertThat(pausedFor(restarted)).as("the rest of the recorded pause").isEqualTo(Duration.ofMinutes(20));
        clock.advance(Duration.ofMinutes(19).plusSeconds(58));
        assertThat(pausedFor(restarted))
                .as("2 s before its end, more than max-wait")
                .isEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));

        HostPoliteness.Turn probe = restarted.acquire(HOST);
        probe.failed("HTTP 500 from GET http://127.0.0.65/probe.html");
        probe.close();

        assertThat(pausedFor(restarted))
                .as("the failed probe pauses the host again: the restarted instance took over its failures")
                .isEqualTo(PAUSE);
        assertThat(recorded.pause(HOST))
                .contains(new HostPause(
                        HOST,
                        T0.plus(Duration.ofMinutes(30)).plus(PAUSE),
                        3,
                        "HTTP 500 from GET http://127.0.0.65/probe.html"));
        assertThat(pauses(meters)).isEqualTo(1);
    }

    @Test
    void theHostsNextOwnerHonoursThePauseItsFormerOwnerRecordedThoughItHadCrawledTheHostBefore() throws Exception {
        MinDelayPoliteness next = politeness(new SimpleMeterRegistry());
        next.acquire(HOST).close(); // owned the host once, before it moved away
        MinDelayPoliteness former = politeness(new SimpleMeterRegistry());
        fail(former, "refused");
        fail(former, "refused");
        clock.advance(Duration.ofMinutes(1)); // the host moves back; the state topic's follower read the record

        assertThat(pausedFor(next)).isEqualTo(PAUSE.minus(Duration.ofMinutes(1)));
        clock.advance(PAUSE);
        fail(next, "refused");
        assertThat(pausedFor(next))
                .as("with the failure count: one failed probe pauses it again")
                .isEqualTo(PAUSE);
    }

    @Test
    void aRecordedPauseThatEndedBeforeTheInstanceMetTheHostIsDroppedAndTheHostMetAfresh() throws Exception {
        recorded.putPause(new HostPause(HOST, T0.minusSeconds(1), 6, "HTTP 500"));
        MinDelayPoliteness politeness = politeness(new SimpleMeterRegistry());

        fail(politeness, "HTTP 500");

        assertThat(recorded.pause(HOST)).as("dropped").isEmpty();
        assertThat(politeness.failures(HOST)).as("counted from the start again").isEqualTo(1);
        assertThat(pausedFor(politeness)).isZero();
    }

    @Test
    void aHostThatAnswersAfterItsPauseHasItsRecordRemoved() throws Exception {
        MinDelayPoliteness politeness = politeness(new SimpleMeterRegistry());
        fail(politeness, "refused");
        fail(politeness, "refused");
        clock.advance(PAUSE);

        politeness.acquire(HOST).close();

        assertThat(recorded.pause(HOST)).isEmpty();
        assertThat(politeness.failures(HOST)).isZero();
        fail(politeness, "refused");
        assertThat(pausedFor(politeness))
                .as("one failure after a success is a backoff")
                .isLessThan(PAUSE);
    }

    @Test
    void anInconclusiveAnswerAfterThePauseNeitherClearsTheFailuresNorRemovesTheRecord() throws Exception {
        MinDelayPoliteness politeness = politeness(new SimpleMeterRegistry());
        fail(politeness, "refused");
        fail(politeness, "refused");
        clock.advance(PAUSE);

        try (HostPoliteness.Turn robotsTxt = politeness.acquire(HOST)) {
            robotsTxt.inconclusive(); // its robots.txt answered 404
        }

        assertThat(politeness.failures(HOST)).isEqualTo(2);
        assertThat(recorded.pause(HOST)).isPresent();
        fail(politeness, "HTTP 500");
        assertThat(pausedFor(politeness))
                .as("the page's failure pauses it again")
                .isEqualTo(PAUSE);
    }

    @Test
    void aRobotsTxtProbeWithinThePauseRenewsItWhenItFailsAndRemovesItsRecordWhenServed() throws Exception {
        MinDelayPoliteness politeness = politeness(new SimpleMeterRegistry());
        fail(politeness, "HTTP 500 from GET http://127.0.0.65/a.html");
        fail(politeness, "HTTP 500 from GET http://127.0.0.65/a.html");
        clock.advance(Duration.ofMinutes(1));

        try (HostPoliteness.Turn probe = politeness.acquireProbe(HOST)) {
            probe.failed("HTTP 503 from GET http://127.0.0.65/robots.txt");
        }
        assertThat(recorded.pause(HOST))
                .as("renewed from the failed probe")
                .contains(new HostPause(
                        HOST,
                        T0.plus(Duration.ofMinutes(1)).plus(PAUSE),
                        3,
                        "HTTP 503 from GET http://127.0.0.65/robots.txt"));

        politeness.acquireProbe(HOST).close(); // robots.txt served

        assertThat(recorded.pause(HOST)).as("the host is up: its pause is over").isEmpty();
        assertThat(politeness.failures(HOST)).isZero();
        assertThat(pausedFor(politeness)).isZero();
    }

    @Test
    void everyPauseLogsOneWarningAndCountsTheRenewalAfterAFailedProbeToo() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MinDelayPoliteness politeness = politeness(meters);
        fail(politeness, "HTTP 500 from GET http://127.0.0.65/a.html");
        fail(politeness, "HTTP 500 from GET http://127.0.0.65/a.html");
        for (int i = 0; i < 3; i++) {
            assertThat(pausedFor(politeness)).isPositive(); // deferred requests log no warning
        }
        clock.advance(PAUSE);

        fail(politeness, "HTTP 503 from GET http://127.0.0.65/b.html");

        assertThat(warnings())
                .containsExactly(
                        "host 127.0.0.65: paused for PT30M until 2026-12-07T01:30:00Z, 2 failures in a row, the last:"
                                + " HTTP 500 from GET http://127.0.0.65/a.html",
                        "host 127.0.0.65: paused again for PT30M until 2026-12-07T02:00:00Z, 3 failures in a row, the"
                                + " last: HTTP 503 from GET http://127.0.0.65/b.html");
        assertThat(pauses(meters)).isEqualTo(2);
    }
}
