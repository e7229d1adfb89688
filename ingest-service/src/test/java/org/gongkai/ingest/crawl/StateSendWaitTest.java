package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.TimeoutException;
import org.gongkai.testsupport.LogCapture;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A state record's send that blocks the crawl (the producer waits for the topic's metadata, up to {@code
 * max.block.ms}) is watched as a flush is: one WARN past the threshold (10 s) naming the record's site, or a pause's
 * host, and one INFO when it ends. The blocking is a clock the send moves and a timer it runs, no sleeping; the Kafka
 * side is {@code FrozenBrokerCrawlIT}.
 */
class StateSendWaitTest {

    private static final byte[] VALUE = "{}".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final ManualTimer timer = new ManualTimer(clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BlockingStateProducer producer = new BlockingStateProducer();
    private final StateTopicWriter writer = new StateTopicWriter(
            "notices.crawl-state", producer, meters, new BrokerWaits(Duration.ofSeconds(10), clock, timer, meters));
    private final List<Double> gaugeWhileBlocked = new ArrayList<>();

    /** The crawler's lines and the state's ({@code crawl state of … not stored}), in the order logged. */
    @RegisterExtension
    final LogCapture log = LogCapture.of("org.gongkai.ingest.crawl");

    private void brokerTakes(int seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        timer.runDue();
        gaugeWhileBlocked.add(waitingNow());
    }

    @AfterEach
    void closeWriter() {
        writer.close();
    }

    private double waitingNow() {
        return meters.get("gongkai.ingest.crawls.waiting.for.broker").gauge().value();
    }

    private double longWaits() {
        return meters.get("gongkai.ingest.crawl.broker.waits").counter().count();
    }

    @Test
    void aSendThatBlocksPastTheThresholdIsWarnedWithItsSiteAndRecordAndToldWhenItEnds() {
        producer.blockOn("n1", () -> brokerTakes(12));

        writer.send("s20", "n1", VALUE);

        assertThat(log.messages(Level.WARN))
                .singleElement()
                .asString()
                .startsWith("site s20: waiting 12 s for the broker: its crawl state record n1 to be sent (the producer"
                        + " waits for the topic's metadata) (the crawl goes on when the broker answers");
        assertThat(log.messages(Level.INFO))
                .containsExactly("site s20: the wait for the broker ended after 12 s (its crawl state record n1 to be"
                        + " sent (the producer waits for the topic's metadata)): it answered, or the records failed"
                        + " (logged apart); the crawl goes on");
        assertThat(gaugeWhileBlocked).containsExactly(1.0);
        assertThat(waitingNow()).isZero();
        assertThat(longWaits()).isEqualTo(1.0);
        assertThat(producer.history()).extracting(r -> r.key()).containsExactly("n1");
    }

    @Test
    void aHostPauseWhoseSendBlocksIsWarnedWithItsHost() {
        producer.blockOn("host:www.example.gov.cn", () -> brokerTakes(15));

        writer.sendPause("www.example.gov.cn", VALUE);

        assertThat(log.messages(Level.WARN))
                .singleElement()
                .asString()
                .startsWith("host www.example.gov.cn: waiting 15 s for the broker: its crawl state record"
                        + " host:www.example.gov.cn to be sent");
        assertThat(longWaits()).isEqualTo(1.0);
    }

    @Test
    void aSendThatFailsAfterMaxBlockMsIsWarnedCountedAsAFailedWriteAndTheWaitEnds() {
        producer.blockOn("site:s20", () -> {
            brokerTakes(60);
            throw new TimeoutException("Topic notices.crawl-state not present in metadata after 60000 ms.");
        });

        writer.send("s20", "site:s20", VALUE);

        assertThat(writer.failures()).isEqualTo(1);
        assertThat(log.events())
                .extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
                .satisfiesExactly(
                        warn -> assertThat(warn).startsWith("WARN site s20: waiting 60 s for the broker"),
                        failed -> assertThat(failed)
                                .isEqualTo("WARN crawl state of site:s20 not stored:"
                                        + " org.apache.kafka.common.errors.TimeoutException: Topic"
                                        + " notices.crawl-state not present in metadata after 60000 ms."),
                        ended -> assertThat(ended)
                                .startsWith("INFO site s20: the wait for the broker ended after 60 s"));
        assertThat(waitingNow()).isZero();
    }

    @Test
    void aSendTheProducerTakesAtOnceSaysNothing() {
        writer.send("s20", "n1", VALUE);
        writer.sendPause("www.example.gov.cn", null);
        clock.advance(Duration.ofMinutes(1));
        timer.runDue();

        assertThat(log.events()).isEmpty();
        assertThat(longWaits()).isZero();
        assertThat(producer.history()).hasSize(2);
    }
}
