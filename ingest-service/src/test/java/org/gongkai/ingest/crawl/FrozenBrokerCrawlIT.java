package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
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
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

/**
 * A crawl that waits for a broker that is frozen ({@code kill -STOP} of a broker process of its own; session 18's
 * trial, where crawls stood still after "crawl started" without a word): it waits, as nothing may be recorded that
 * the broker has not acknowledged, but one WARN says so (site, what it waits for) once the wait passes the threshold,
 * and one INFO when the broker answered (after {@code kill -CONT}) and the crawl went on, its notice published.
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
                            new NewTopic("it.crawl-state", 1, (short) 1)
                                    .configs(Map.of(
                                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all()
                    .get();
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            signal("CONT", kafka.pid());
            kafka.stop();
        }
    }

    @Test
    void aCrawlWaitingForAFrozenBrokerSaysSoAndGoesOnWhenItAnswersWithNothingLost() throws Exception {
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        Map<String, Object> raw = new HashMap<>(producer);
        raw.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        raw.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class);
        KafkaTemplate<String, Object> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(raw));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ScriptedServer portal = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(84));
                KafkaCrawlState state = new KafkaCrawlState(
                        new InMemoryCrawlState(),
                        "it.crawl-state",
                        producer,
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        Duration.ofMinutes(1),
                        meters)) {
            portal.on("/n/1.html", Answer.html(CrawlFixture.notice("正文一", "X/2026-1")));
            portal.on("/n/2.html", Answer.html(CrawlFixture.notice("正文二", "X/2026-2")));
            portal.on("/l/index.html", Answer.html(CrawlFixture.listHtml("/n/1.html")));
            Site site = TestConfigs.site(
                    "frozen", List.of(portal.uri("/l/index.html").toString()), true, 500);
            SiteCrawler crawler = crawler(new KafkaNoticePublisher(template, "ingest-service"), state, meters);
            assertThat(crawler.crawl(site).published()).isEqualTo(1);
            assertThat(log.events).as("a broker that answers: nothing to say").isEmpty();
            portal.on("/l/index.html", Answer.html(CrawlFixture.listHtml("/n/2.html", "/n/1.html")));
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
                        .untilAsserted(() -> assertThat(log.events)
                                .singleElement()
                                .satisfies(warn -> {
                                    assertThat(warn.getLevel()).isEqualTo(Level.WARN);
                                    assertThat(warn.getFormattedMessage())
                                            .startsWith("site frozen: waiting ")
                                            .contains(
                                                    "for the broker: its crawl state to be stored (start of the crawl)");
                                }));
                assertThat(crawl).as("held by the broker").isNotDone();
                assertThat(portal.hits).as("no page before its mark is stored").hasSize(requestsBefore);
                assertThat(meters.get("gongkai.ingest.crawls.waiting.for.broker")
                                .gauge()
                                .value())
                        .isEqualTo(1.0);
            } finally {
                signal("CONT", kafka.pid());
            }

            CrawlReport report = crawl.get(60, TimeUnit.SECONDS);
            assertThat(report.published()).as("nothing lost").isEqualTo(1);
            assertThat(report.error()).isNull();
            assertThat(log.events)
                    .filteredOn(e -> e.getLevel() == Level.INFO)
                    .singleElement()
                    .satisfies(info -> assertThat(info.getFormattedMessage())
                            .startsWith("site frozen: the wait for the broker ended after ")
                            .endsWith("(its crawl state to be stored (start of the crawl)): it answered, or the"
                                    + " records failed (logged apart); the crawl goes on"));
            assertThat(meters.get("gongkai.ingest.crawls.waiting.for.broker")
                            .gauge()
                            .value())
                    .isZero();
        } finally {
            template.destroy();
        }
    }

    /** A loopback crawler whose waits for the broker are told after 2 s. */
    private static SiteCrawler crawler(KafkaNoticePublisher publisher, CrawlState state, SimpleMeterRegistry meters) {
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
                BrokerWaits.of(Duration.ofSeconds(2), meters));
    }

    /** The crawler's log lines, from any thread (the WARN comes from the watch's timer). */
    private static final class Events extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.INFO)
                    && event.getFormattedMessage().contains("broker")) {
                events.add(event);
            }
        }
    }

    private final Events log = new Events();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SiteCrawler.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start()
                .waitFor();
        assertThat(exit).as("kill -%s %d", signal, pid).isZero();
    }
}
