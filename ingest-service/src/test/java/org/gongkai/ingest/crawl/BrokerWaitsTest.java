package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.gongkai.testsupport.LogCapture;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A crawl's wait for the broker is told once it passes the threshold (10 s here) and again when it ends: on a clock
 * and a timer the test moves by hand, no sleeping.
 */
class BrokerWaitsTest {

    private static final Duration THRESHOLD = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T05:00:00Z"));
    private final ManualTimer timer = new ManualTimer(clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BrokerWaits waits = new BrokerWaits(THRESHOLD, clock, timer, meters);

    @RegisterExtension
    final LogCapture log = LogCapture.of(SiteCrawler.class);

    private double waitingNow() {
        return meters.get("gongkai.ingest.crawls.waiting.for.broker").gauge().value();
    }

    @Test
    void aWaitPastTheThresholdIsWarnedOnceWithItsSiteAndDurationAndToldWhenItEnds() throws Exception {
        List<Double> gaugeWhileWaiting = new ArrayList<>();

        String result = waits.forSite("s18").await("its crawl state to be stored (start of the crawl)", () -> {
            clock.advance(Duration.ofSeconds(12));
            timer.runDue();
            clock.advance(Duration.ofSeconds(30));
            timer.runDue();
            gaugeWhileWaiting.add(waitingNow());
            return "stored";
        });

        assertThat(result).isEqualTo("stored");
        assertThat(log.events())
                .extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .satisfiesExactly(
                        warn -> {
                            assertThat(warn.toList().get(0)).isEqualTo(Level.WARN);
                            assertThat((String) warn.toList().get(1))
                                    .startsWith("site s18: waiting 12 s for the broker: its crawl state to be stored");
                        },
                        info -> {
                            assertThat(info.toList().get(0)).isEqualTo(Level.INFO);
                            assertThat((String) info.toList().get(1))
                                    .isEqualTo(
                                            "site s18: the wait for the broker ended after 42 s (its crawl state to be stored"
                                                    + " (start of the crawl)): it answered, or the records failed (logged"
                                                    + " apart); the crawl goes on");
                        });
        assertThat(gaugeWhileWaiting).containsExactly(1.0);
        assertThat(waitingNow()).isZero();
        assertThat(meters.get("gongkai.ingest.crawl.broker.waits").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aWaitShorterThanTheThresholdSaysNothing() throws Exception {
        waits.forSite("s18").run("its crawl state to be stored", () -> clock.advance(Duration.ofSeconds(9)));
        timer.runDue();
        clock.advance(Duration.ofMinutes(1));
        timer.runDue();

        assertThat(log.events()).isEmpty();
        assertThat(waitingNow()).isZero();
        assertThat(meters.get("gongkai.ingest.crawl.broker.waits").counter().count())
                .isZero();
    }

    @Test
    void aPublishWindowIsWatchedWhenItWaitsForAnAcknowledgementAndNotWhenOneHasArrived() throws Exception {
        List<String> watched = new ArrayList<>();
        CompletableFuture<Void> arrived = new CompletableFuture<>();
        CompletableFuture<Void> late = new CompletableFuture<>();
        BrokerWaits.OfSite recording = new BrokerWaits.OfSite() {
            @Override
            public <T, E extends Exception> T await(String what, BrokerWaits.Blocking<T, E> wait)
                    throws E, InterruptedException {
                watched.add(what);
                late.complete(null); // the broker answers while the crawl waits
                return wait.call();
            }
        };
        PublishWindow window = new PublishWindow(2, outcome -> {}, recording);

        window.add(() -> arrived, failure -> NoticeOutcome.PUBLISHED);
        arrived.complete(null);
        window.add(() -> late, failure -> NoticeOutcome.PUBLISHED);
        window.drain();

        assertThat(watched).containsExactly("the acknowledgements of its last 1 notices");
        assertThat(window.inFlight()).isZero();
    }
}
