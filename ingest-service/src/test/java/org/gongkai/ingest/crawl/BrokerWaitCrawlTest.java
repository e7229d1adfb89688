package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.testsupport.LogCapture;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where a crawl waits for the broker, it says so past the threshold (10 s): its state flush at its start and end,
 * and an awaited tombstone. The broker's slowness is a clock the slow calls move and a timer they run, no sleeping;
 * the Kafka side (a frozen broker) is {@code FrozenBrokerCrawlIT}.
 */
class BrokerWaitCrawlTest extends CrawlFixture {

    private final MutableClock waitClock = new MutableClock(NOW);
    private final ManualTimer timer = new ManualTimer(waitClock);
    private final List<String> tombstones = new ArrayList<>();

    @RegisterExtension
    final LogCapture log = LogCapture.of(SiteCrawler.class);

    /** The broker taking {@code seconds} to answer, as seen by the crawl's watch. */
    private void brokerTakes(int seconds) {
        waitClock.advance(Duration.ofSeconds(seconds));
        timer.runDue();
    }

    private SiteCrawler crawler(CrawlState on) {
        return crawler(on, new BrokerWaits(Duration.ofSeconds(10), waitClock, timer, meters));
    }

    private SiteCrawler crawler(CrawlState on, BrokerWaits waits) {
        NoticePublisher slowTombstones = new NoticePublisher() {
            @Override
            public void publish(RawNotice notice) {}

            @Override
            public void publishTombstone(String noticeId) {
                brokerTakes(25);
                tombstones.add(noticeId);
            }
        };
        return new SiteCrawler(
                HostAssignment.ALL,
                fetcher,
                robots,
                slowTombstones,
                on,
                TestConfigs.state(),
                null,
                meters,
                Clock.fixed(NOW, ZoneOffset.UTC),
                ObservationRegistry.NOOP,
                8,
                waits);
    }

    private List<String> warnings() {
        return log.messages(Level.WARN);
    }

    @Test
    void aStateFlushThatWaitsPastTheThresholdIsWarnedAtTheCrawlsStartAndEnd() throws Exception {
        CrawlState slowFlushes = new ForwardingCrawlState(state) {
            @Override
            public void flush() {
                brokerTakes(12);
            }
        };

        CrawlReport report = crawler(slowFlushes).crawl(site(500));

        assertThat(report.published()).isEqualTo(2);
        assertThat(warnings())
                .satisfiesExactly(
                        start -> assertThat(start)
                                .startsWith("site dhq: waiting 12 s for the broker: its crawl state to be stored"
                                        + " (start of the crawl)"),
                        end -> assertThat(end)
                                .startsWith("site dhq: waiting 12 s for the broker: its crawl state to be stored"
                                        + " (end of the crawl)"));
        assertThat(log.messages(Level.INFO))
                .filteredOn(m -> m.contains("the wait for the broker ended"))
                .hasSize(2);
        assertThat(meters.get("gongkai.ingest.crawl.broker.waits").counter().count())
                .isEqualTo(2.0);
        assertThat(meters.get("gongkai.ingest.crawls.waiting.for.broker")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    void aStateRecordWhoseSendBlocksPastTheThresholdIsWarnedWithItsSite() throws Exception {
        BrokerWaits waits = new BrokerWaits(Duration.ofSeconds(10), waitClock, timer, meters);
        // The crawl's mark is its first state record: the producer does not know the topic's metadata yet.
        BlockingStateProducer producer = new BlockingStateProducer().blockOn("site:dhq", () -> brokerTakes(20));
        try (KafkaCrawlState kafka = new KafkaCrawlState(
                        new InMemoryCrawlState(),
                        "notices.crawl-state",
                        new StateTopicWriter("notices.crawl-state", producer, meters, waits),
                        Map.of(),
                        Duration.ofMinutes(1),
                        meters);
                ForwardingCrawlState restored = new ForwardingCrawlState(kafka) {}) { // load(): none

            CrawlReport report = crawler(restored, waits).crawl(site(500));

            assertThat(report.published()).isEqualTo(2);
            assertThat(report.error()).isNull();
            assertThat(warnings())
                    .singleElement()
                    .asString()
                    .startsWith("site dhq: waiting 20 s for the broker: its crawl state record site:dhq to be sent");
            assertThat(producer.history())
                    .extracting(record -> record.key())
                    .as("the start mark, then the notices' states and the end mark")
                    .startsWith("site:dhq")
                    .contains(NoticeIds.fromUrl(N1), NoticeIds.fromUrl(N2))
                    .endsWith("site:dhq");
        }
    }

    @Test
    void aTombstoneWhoseAckTakesLongIsWarnedWithItsNotice() throws Exception {
        SiteCrawler crawler = crawler(state);
        crawler.crawl(site(500));
        transport.respond(N1, 410, utf8("gone"));
        crawler.crawl(site(500));
        assertThat(warnings()).isEmpty();

        CrawlReport confirmed = crawler.crawl(site(500));

        assertThat(confirmed.deleted()).isEqualTo(1);
        assertThat(tombstones).containsExactly(NoticeIds.fromUrl(N1));
        assertThat(warnings())
                .singleElement()
                .asString()
                .startsWith("site dhq: waiting 25 s for the broker: the tombstone of notice " + NoticeIds.fromUrl(N1));
    }

    @Test
    void aCrawlWhoseStateRecordsTheBrokerFailedEndsWithAnErrorSoItIsNoSuccess() throws Exception {
        long[] failed = {3}; // failures of earlier crawls do not count for this one
        boolean[] fail = {false};
        CrawlState failingBroker = new ForwardingCrawlState(state) {
            @Override
            public void flush() {
                if (fail[0]) {
                    brokerTakes(120); // delivery.timeout.ms, then the records fail
                    failed[0] += 2;
                }
            }

            @Override
            public long writeFailures() {
                return failed[0];
            }
        };
        SiteCrawler crawler = crawler(failingBroker);
        assertThat(crawler.crawl(site(500)).error())
                .as("nothing failed during it")
                .isNull();

        fail[0] = true;
        CrawlReport report = crawler.crawl(site(500));

        assertThat(report.error()).isEqualTo("crawl state not stored: the broker failed 4 state record(s)");
        assertThat(warnings())
                .last()
                .asString()
                .isEqualTo("site dhq: the broker failed 4 crawl state record(s) during the crawl");
    }
}
