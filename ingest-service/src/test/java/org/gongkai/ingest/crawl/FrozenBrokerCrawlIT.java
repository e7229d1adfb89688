package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.EventSerializer;
import org.gongkai.events.Topics;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.AddressGuard;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.fetch.HostResolver;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.JdkHttpTransport;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.ingest.fetch.RobotsPolicy;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.gongkai.ingest.publish.KafkaNoticePublisher;
import org.gongkai.ingest.site.Site;
import org.gongkai.servers.LocalKafka;
import org.gongkai.testsupport.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

/**
 * A crawl that waits for a broker that is frozen ({@code kill -STOP} of a broker process of its own; session 18's
 * trial, where crawls stood still after "crawl started" without a word): it waits, as nothing may be recorded that
 * the broker has not acknowledged, but one WARN says so (site, what it waits for) once the wait passes the threshold,
 * and one INFO when the broker answered (after {@code kill -CONT}) and the crawl went on, its notice published: at
 * the flush of its state, and at the send of a state record that blocks because the producer does not know the
 * topic's metadata yet (session 19's re-trial: such a send blocked for {@code max.block.ms} without a word).
 */
class FrozenBrokerCrawlIT {

    @TempDir
    static Path dir;

    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.start(dir.resolve("kafka"), 0, null);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(Topics.RAW, 1, (short) 1),
                            stateTopic("it.crawl-state"),
                            stateTopic("it.crawl-state.send")))
                    .all()
                    .get();
        }
    }

    private static NewTopic stateTopic(String name) {
        return new NewTopic(name, 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            signal("CONT", kafka.pid());
            kafka.stop();
        }
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** The crawler's and the state's (one per registry: the gauge). */
    private final BrokerWaits waits = BrokerWaits.of(Duration.ofSeconds(2), meters);

    @Test
    void aCrawlWaitingForAFrozenBrokerSaysSoAndGoesOnWhenItAnswersWithNothingLost() throws Exception {
        Map<String, Object> producer = producer();
        KafkaTemplate<String, Object> template = rawNotices(producer);
        try (ScriptedServer portal = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(84));
                KafkaCrawlState state = state("it.crawl-state", producer)) {
            portal.on("/n/1.html", Answer.html(CrawlFixture.notice("正文一", "X/2026-1")));
            portal.on("/n/2.html", Answer.html(CrawlFixture.notice("正文二", "X/2026-2")));
            portal.on("/l/index.html", Answer.html(CrawlFixture.listHtml("/n/1.html")));
            Site site = TestConfigs.site(
                    "frozen", List.of(portal.uri("/l/index.html").toString()), true, 500);
            SiteCrawler crawler = crawler(new KafkaNoticePublisher(template, "ingest-service"), state);
            assertThat(crawler.crawl(site).published()).isEqualTo(1);
            assertThat(brokerLines())
                    .as("a broker that answers: nothing to say")
                    .isEmpty();
            portal.on("/l/index.html", Answer.html(CrawlFixture.listHtml("/n/2.html", "/n/1.html")));

            CrawlReport report = crawlWithTheBrokerFrozen(
                    crawler, site, "its crawl state to be stored (start of the crawl)", portal);

            assertThat(report.published()).as("nothing lost").isEqualTo(1);
            assertThat(report.error()).isNull();
        } finally {
            template.destroy();
        }
    }

    @Test
    void aStateRecordWhoseSendBlocksOnAFrozenBrokerIsWarnedWithItsSiteAndTheCrawlGoesOnWhenItAnswers()
            throws Exception {
        Map<String, Object> producer = producer();
        // Bounds the blocked send should the broker not come back (the service keeps Kafka's 60 s).
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 45_000);
        KafkaTemplate<String, Object> template = rawNotices(producer);
        try (ScriptedServer portal = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(85));
                KafkaCrawlState state = state("it.crawl-state.send", producer)) {
            portal.on("/n/1.html", Answer.html(CrawlFixture.notice("正文一", "X/2026-1")));
            portal.on("/l/index.html", Answer.html(CrawlFixture.listHtml("/n/1.html")));
            Site site = TestConfigs.site(
                    "blocked", List.of(portal.uri("/l/index.html").toString()), true, 500);
            SiteCrawler crawler = crawler(new KafkaNoticePublisher(template, "ingest-service"), state);
            state.load(); // read while the broker answers; the state producer has sent nothing, knows no metadata

            // The crawl's first state record, its mark: the producer waits for the topic's metadata.
            CrawlReport report = crawlWithTheBrokerFrozen(
                    crawler,
                    site,
                    "its crawl state record site:blocked to be sent (the producer waits for the topic's metadata)",
                    portal);

            assertThat(report.published()).as("nothing lost").isEqualTo(1);
            assertThat(report.error()).isNull();
            assertThat(state.writeFailures())
                    .as("the record was taken once the broker answered")
                    .isZero();
        } finally {
            template.destroy();
        }
    }

    /**
     * Crawls {@code site} with the broker frozen: one WARN says the crawl waits for {@code what}, the crawl is held
     * before its first page, the gauge is 1; then the broker goes on, one INFO says the wait ended, the gauge is 0.
     */
    private CrawlReport crawlWithTheBrokerFrozen(SiteCrawler crawler, Site site, String what, ScriptedServer portal)
            throws Exception {
        int requestsBefore = portal.hits.size();
        signal("STOP", kafka.pid());
        CompletableFuture<CrawlReport> crawl;
        try {
            crawl = CompletableFuture.supplyAsync(() -> {
                try {
                    return crawler.crawl(site);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(brokerLines())
                            .singleElement()
                            .satisfies(warn -> {
                                assertThat(warn.getLevel()).isEqualTo(Level.WARN);
                                assertThat(warn.getFormattedMessage())
                                        .startsWith("site " + site.id() + ": waiting ")
                                        .contains("for the broker: " + what);
                            }));
            assertThat(crawl).as("held by the broker").isNotDone();
            assertThat(portal.hits).as("no page before its mark is stored").hasSize(requestsBefore);
            assertThat(waitingForBroker()).isEqualTo(1.0);
        } finally {
            signal("CONT", kafka.pid());
        }

        CrawlReport report = crawl.get(60, TimeUnit.SECONDS);
        assertThat(brokerLines())
                .filteredOn(e -> e.getLevel() == Level.INFO)
                .singleElement()
                .satisfies(info -> assertThat(info.getFormattedMessage())
                        .startsWith("site " + site.id() + ": the wait for the broker ended after ")
                        .endsWith("(" + what + "): it answered, or the records failed (logged apart); the crawl goes"
                                + " on"));
        assertThat(waitingForBroker()).isZero();
        return report;
    }

    private double waitingForBroker() {
        return meters.get("gongkai.ingest.crawls.waiting.for.broker").gauge().value();
    }

    private KafkaCrawlState state(String topic, Map<String, Object> producer) {
        return new KafkaCrawlState(
                new InMemoryCrawlState(),
                topic,
                producer,
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                Duration.ofMinutes(1),
                meters,
                waits);
    }

    /** The service's producer settings that matter here (acks=all, idempotence) for this test's broker. */
    private static Map<String, Object> producer() {
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return producer;
    }

    private static KafkaTemplate<String, Object> rawNotices(Map<String, Object> producer) {
        Map<String, Object> raw = new HashMap<>(producer);
        raw.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        raw.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(raw));
    }

    /** A loopback crawler whose waits for the broker are told by {@link #waits} (after 2 s). */
    private SiteCrawler crawler(KafkaNoticePublisher publisher, CrawlState state) {
        Clock clock = Clock.systemUTC();
        MinDelayPoliteness politeness = new MinDelayPoliteness(TestConfigs.politeness(Duration.ZERO), meters);
        HttpFetcher fetcher = new HttpFetcher(
                new JdkHttpTransport(Duration.ofSeconds(2)),
                new AddressGuard(HostResolver.SYSTEM),
                politeness,
                TestConfigs.fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), DataSize.ofMegabytes(1), 5),
                "Gongkai/test",
                meters,
                clock);
        RobotsPolicy robots =
                new RobotsPolicy(fetcher, politeness, TestConfigs.robots(), "Gongkai/test", meters, clock);
        return new SiteCrawler(
                HostAssignment.ALL,
                fetcher,
                robots,
                publisher,
                state,
                TestConfigs.state("s", Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(7)),
                null,
                meters,
                clock,
                ObservationRegistry.NOOP,
                SiteCrawler.DEFAULT_MAX_UNACKNOWLEDGED,
                waits);
    }

    /** The crawler's log lines (from any thread: the WARN comes from the watch's timer). */
    @RegisterExtension
    final LogCapture log = LogCapture.of(SiteCrawler.class);

    /** Its lines about the broker, INFO and above. */
    private List<ILoggingEvent> brokerLines() {
        return log.events().stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)
                        && e.getFormattedMessage().contains("broker"))
                .toList();
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start()
                .waitFor();
        assertThat(exit).as("kill -%s %d", signal, pid).isZero();
    }
}
