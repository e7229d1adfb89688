package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.events.trace.NoticeLog;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.AddressGuard;
import org.gongkai.ingest.fetch.FakeResolver;
import org.gongkai.ingest.fetch.FakeTransport;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.ingest.fetch.RobotsPolicy;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.util.unit.DataSize;

/** The crawl logic against a fake network and a recording publisher (the Kafka side is covered by CrawlIT). */
class SiteCrawlerTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.654321Z");
    private static final String BASE = "http://portal.test";
    private static final String LIST = BASE + "/xxgk/index.html";
    private static final String N1 = BASE + "/xxgk/202311/t20231120_3003.html";
    private static final String N2 = BASE + "/xxgk/202310/t20231015_2002.html";
    private static final Charset GBK = Charset.forName("GBK");

    private final FakeTransport transport = new FakeTransport();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private SiteCrawler crawler;
    private HttpFetcher fetcher;
    private RobotsPolicy robots;

    @BeforeEach
    void setUp() {
        MinDelayPoliteness politeness = new MinDelayPoliteness(TestConfigs.politeness(Duration.ZERO), meters);
        fetcher = new HttpFetcher(
                transport,
                new AddressGuard(new FakeResolver().map("portal.test", "93.184.216.34")),
                politeness,
                TestConfigs.fetch(Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofMegabytes(1), 5),
                "Gongkai/test",
                meters,
                Clock.fixed(NOW, ZoneOffset.UTC));
        robots = new RobotsPolicy(
                fetcher, politeness, TestConfigs.robots(), "Gongkai/test", meters, Clock.fixed(NOW, ZoneOffset.UTC));
        crawler = new SiteCrawler(
                fetcher, robots, publisher, state, TestConfigs.state(), meters, Clock.fixed(NOW, ZoneOffset.UTC));
        transport.respond(LIST, 200, utf8("""
                <html><body><ul>
                <li><a href="/xxgk/202311/t20231120_3003.html">通知</a></li>
                <li><a href="202310/t20231015_2002.html">公告</a></li>
                <li><a href="/about.html">网站介绍</a></li>
                <li><a href="/broken.html">坏链接</a></li>
                <li><a href="/files/a.pdf">附件</a></li>
                <li><a href="http://elsewhere.test/x.html">外站</a></li>
                </ul></body></html>"""), "Content-Type", "text/html");
        transport.respond(
                N1,
                200,
                utf8(notice("通知正文", "ncsdhqzfb/2023-00301") + "<a href=\"/files/W020231120.pdf\">附件1</a>"),
                "Content-Type",
                "text/html; charset=utf-8",
                "ETag",
                "\"n1\"",
                "Server",
                "nginx");
        transport.respond(
                N2,
                200,
                ("<html><head><meta charset=\"gb2312\"></head><body>" + notice("招聘公告正文", "ncsdhqwsjkw/2023-00112")
                                + "</body></html>")
                        .getBytes(GBK),
                "Content-Type",
                "text/html");
        transport.respond(BASE + "/about.html", 200, utf8("<html><body><h1>网站介绍</h1></body></html>"));
        transport.respond(BASE + "/broken.html", 500, utf8("error"));
    }

    private static Site site(int maxPages) {
        return TestConfigs.site("dhq", List.of(LIST), false, maxPages);
    }

    @Test
    void aRedirectedNoticeKeepsItsLinkedUrlAndIdAndHasTheCanonicalTargetAsItsFinalUrl() throws Exception {
        String target = BASE + "/xxgk/202311/../202311/t20231120_3003_new.html";
        transport.respond(N1, 301, utf8(""), "Location", target);
        transport.respond(target, 200, utf8(notice("通知正文", "ncsdhqzfb/2023-00301")), "Content-Type", "text/html");

        crawler.crawl(site(500));

        assertThat(publisher.notices)
                .extracting(RawNotice::noticeId, RawNotice::url, RawNotice::finalUrl)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(NoticeIds.fromUrl(N1), N1, NoticeIds.canonicalUrl(target)),
                        org.assertj.core.groups.Tuple.tuple(NoticeIds.fromUrl(N2), N2, N2));
        assertThat(NoticeIds.canonicalUrl(target)).isEqualTo(BASE + "/xxgk/202311/t20231120_3003_new.html");
    }

    @Test
    void eachPageVisitIsObservedAndPublishesWithItsSiteAndNoticeInTheMdc() throws Exception {
        List<String> observed = new CopyOnWriteArrayList<>();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                observed.add(context.getName() + " "
                        + context.getLowCardinalityKeyValue("site").getValue() + " "
                        + context.getLowCardinalityKeyValue("outcome").getValue() + " "
                        + context.getHighCardinalityKeyValue("gongkai.notice.id")
                                .getValue());
            }
        });
        List<String> mdcAtPublish = new CopyOnWriteArrayList<>();
        NoticePublisher recording = new NoticePublisher() {
            @Override
            public void publish(RawNotice notice) {
                mdcAtPublish.add(
                        MDC.get(NoticeLog.SITE) + " " + MDC.get(NoticeLog.NOTICE_ID) + " " + notice.noticeId());
            }

            @Override
            public void publishTombstone(String noticeId) {}
        };
        SiteCrawler observedCrawler = new SiteCrawler(
                HostAssignment.ALL,
                fetcher,
                robots,
                recording,
                state,
                TestConfigs.state(),
                null,
                meters,
                Clock.fixed(NOW, ZoneOffset.UTC),
                observations);

        observedCrawler.crawl(site(500));

        String n1 = NoticeIds.fromUrl(N1);
        String n2 = NoticeIds.fromUrl(N2);
        assertThat(mdcAtPublish).containsExactlyInAnyOrder("dhq " + n1 + " " + n1, "dhq " + n2 + " " + n2);
        assertThat(observed)
                .contains("gongkai.crawl.page dhq published " + n1, "gongkai.crawl.page dhq published " + n2)
                .allSatisfy(o -> assertThat(o).startsWith("gongkai.crawl.page dhq "));
        assertThat(MDC.get(NoticeLog.NOTICE_ID)).as("restored after the visit").isNull();
    }

    @Test
    void firstCrawlPublishesTheNoticesAndCountsTheRest() throws Exception {
        CrawlReport report = crawler.crawl(site(500));

        assertThat(report.listPages()).isEqualTo(1);
        assertThat(report.fetched()).isEqualTo(5);
        assertThat(report.published()).isEqualTo(2);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.error()).isNull();
        assertThat(pageRequests())
                .extracting(Object::toString)
                .containsExactly(LIST, N1, N2, BASE + "/about.html", BASE + "/broken.html");

        RawNotice n1 = publisher.notices.get(0);
        assertThat(n1.noticeId()).isEqualTo(NoticeIds.fromUrl(N1));
        assertThat(n1.url()).isEqualTo(N1);
        assertThat(n1.finalUrl()).isEqualTo(N1);
        assertThat(n1.siteId()).isEqualTo("dhq");
        assertThat(n1.source()).isEqualTo("crawl");
        assertThat(n1.schemaVersion()).isEqualTo(1);
        assertThat(n1.fetchedAt()).isEqualTo(NOW);
        assertThat(n1.version()).isEqualTo(NOW.getEpochSecond() * 1_000_000 + 654_321);
        assertThat(n1.httpStatus()).isEqualTo(200);
        assertThat(n1.headers()).containsOnlyKeys("content-type", "etag").containsEntry("etag", "\"n1\"");
        assertThat(n1.contentType()).isEqualTo("text/html");
        assertThat(n1.charset()).isEqualTo("UTF-8");
        assertThat(n1.charsetSource()).isEqualTo("header");
        assertThat(n1.body()).contains("通知正文", "索 引 号");
        assertThat(n1.truncated()).isFalse();
        assertThat(n1.contentHash()).isEqualTo(NoticeIds.sha256Hex(n1.rawBody()));

        assertThat(n1.attachments()).singleElement().satisfies(a -> {
            assertThat(a.url()).isEqualTo(BASE + "/files/W020231120.pdf");
            assertThat(a.name()).isEqualTo("附件1");
            assertThat(a.text()).isNull();
        });

        RawNotice n2 = publisher.notices.get(1);
        assertThat(n2.charset()).isEqualTo("GB18030");
        assertThat(n2.charsetSource()).isEqualTo("meta");
        assertThat(n2.body()).contains("招聘公告正文", "ncsdhqwsjkw/2023-00112");
        assertThat(n2.rawBody()).isEqualTo(transportBody(N2));

        assertThat(meters.get("gongkai.ingest.notices")
                        .tag("site", "dhq")
                        .tag("outcome", "published")
                        .counter()
                        .count())
                .isEqualTo(2.0);
        assertThat(meters.get("gongkai.ingest.notices")
                        .tag("outcome", "skipped")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.get("gongkai.ingest.notices")
                        .tag("outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void unchangedNoticesAreNotPublishedAgainButChangedOnesAre() throws Exception {
        crawler.crawl(site(500));
        publisher.notices.clear();

        CrawlReport second = crawler.crawl(site(500));
        assertThat(second.published()).isZero();
        assertThat(second.unchanged()).isEqualTo(2);
        assertThat(publisher.notices).isEmpty();

        transport.respond(N1, 200, utf8(notice("通知正文（已修改：失效）", "ncsdhqzfb/2023-00301")));
        CrawlReport third = crawler.crawl(site(500));
        assertThat(third.published()).isEqualTo(1);
        assertThat(third.unchanged()).isEqualTo(1);
        assertThat(publisher.notices).extracting(RawNotice::url).containsExactly(N1);
    }

    @Test
    void aPublishedNoticeThatIsGoneTwiceGetsOneTombstone() throws Exception {
        crawler.crawl(site(500));
        transport.respond(N1, 410, utf8("gone"));

        CrawlReport first = crawler.crawl(site(500));
        assertThat(first.missing()).isEqualTo(1);
        assertThat(first.deleted()).isZero();
        assertThat(publisher.tombstones).isEmpty();
        assertThat(state.get(NoticeIds.fromUrl(N1)))
                .hasValueSatisfying(s -> assertThat(s.goneStrikes()).isEqualTo(1));

        CrawlReport confirmed = crawler.crawl(site(500));
        CrawlReport again = crawler.crawl(site(500));

        assertThat(confirmed.deleted()).isEqualTo(1);
        assertThat(again.deleted()).isZero();
        assertThat(again.skipped()).isEqualTo(2);
        assertThat(publisher.tombstones).containsExactly(NoticeIds.fromUrl(N1));
        // Forgotten as a notice; the link still answering 410 is remembered only as a page fault with its retry.
        assertThat(state.get(NoticeIds.fromUrl(N1))).hasValueSatisfying(s -> {
            assertThat(s.contentHash()).isNull();
            assertThat(s.fault()).isEqualTo("HTTP 410");
        });
    }

    @Test
    void aLinkedPageThatAnswers404BeforeItWasEverPublishedIsListedWithItsReasonInTheCrawlThatMeetsIt()
            throws Exception {
        transport.respond(N1, 404, utf8("not found"));

        CrawlReport first = crawler.crawl(site(500));

        assertThat(publisher.notices)
                .extracting(RawNotice::url)
                .doesNotContain(N1)
                .isNotEmpty();
        assertThat(first.problems())
                .filteredOn(p -> p.url().equals(N1))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo("HTTP 404"));
        assertThat(state.get(NoticeIds.fromUrl(N1)).orElseThrow().fault()).isEqualTo("HTTP 404");
    }

    @Test
    void aNoticeThatIsBackAfterOne404IsKeptAndNotRepublished() throws Exception {
        crawler.crawl(site(500));
        byte[] original = transportBody(N1);
        transport.respond(N1, 404, utf8("not found"));
        assertThat(crawler.crawl(site(500)).missing()).isEqualTo(1);

        transport.respond(N1, 200, original, "Content-Type", "text/html; charset=utf-8");
        publisher.notices.clear();
        CrawlReport back = crawler.crawl(site(500));

        assertThat(back.unchanged()).isEqualTo(2);
        assertThat(back.deleted()).isZero();
        assertThat(publisher.notices).isEmpty();
        assertThat(publisher.tombstones).isEmpty();
        assertThat(state.get(NoticeIds.fromUrl(N1)).orElseThrow().goneStrikes()).isZero();
    }

    @Test
    void aRemovedNoticeNoLongerLinkedIsStillVisitedAndRemoved() throws Exception {
        crawler.crawl(site(500));
        // The list no longer links N1, and N1 itself is gone.
        transport.respond(LIST, 200, utf8("<html><body><a href=\"202310/t20231015_2002.html\">公告</a></body></html>"));
        transport.respond(N1, 404, utf8("not found"));

        crawler.crawl(site(500));
        CrawlReport second = crawler.crawl(site(500));

        assertThat(second.deleted()).isEqualTo(1);
        assertThat(publisher.tombstones).containsExactly(NoticeIds.fromUrl(N1));
    }

    @Test
    void conditionalGetSendsTheValidatorsAndA304IsUnchanged() throws Exception {
        transport.respond(
                N1,
                200,
                utf8(notice("通知正文", "ncsdhqzfb/2023-00301")),
                "Content-Type",
                "text/html",
                "ETag",
                "\"v1\"",
                "Last-Modified",
                "Mon, 20 Nov 2023 08:00:00 GMT");
        crawler.crawl(site(500));
        transport.respond(N1, 304, new byte[0], "ETag", "\"v1\"");
        publisher.notices.clear();

        CrawlReport second = crawler.crawl(site(500));

        assertThat(second.unchanged()).isEqualTo(2);
        assertThat(publisher.notices).isEmpty();
        java.net.http.HttpRequest last = transport.requests.stream()
                .filter(r -> r.uri().toString().equals(N1))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(last.headers().firstValue("If-None-Match")).contains("\"v1\"");
        assertThat(last.headers().firstValue("If-Modified-Since")).contains("Mon, 20 Nov 2023 08:00:00 GMT");
        UrlState n1 = state.get(NoticeIds.fromUrl(N1)).orElseThrow();
        assertThat(n1.status()).isEqualTo(304);
        assertThat(n1.etag()).isEqualTo("\"v1\"");
    }

    @Test
    void notDueNoticesAreNotFetchedAndIntervalsAdapt() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        IngestProperties.State revisits =
                TestConfigs.state("s", Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofHours(16));
        crawler = new SiteCrawler(fetcher, robots, publisher, state, revisits, meters, clock);
        crawler.crawl(site(500));
        String n1 = NoticeIds.fromUrl(N1);
        assertThat(state.get(n1).orElseThrow().nextVisit()).isEqualTo(NOW.plus(Duration.ofHours(2)));

        clock.advance(Duration.ofMinutes(30));
        CrawlReport early = crawler.crawl(site(500));
        assertThat(early.notDue()).isEqualTo(2);
        assertThat(pageRequests()).extracting(Object::toString).containsOnlyOnce(N1);

        clock.advance(Duration.ofMinutes(90));
        CrawlReport due = crawler.crawl(site(500));
        assertThat(due.unchanged()).isEqualTo(2);
        // Unchanged: the interval doubles (2h -> 4h).
        assertThat(state.get(n1).orElseThrow().revisitSeconds())
                .isEqualTo(Duration.ofHours(4).toSeconds());

        clock.advance(Duration.ofHours(4));
        transport.respond(N1, 200, utf8(notice("通知正文（已修改）", "ncsdhqzfb/2023-00301")));
        crawler.crawl(site(500));
        // Changed: the interval halves, but not below revisit-min (4h -> 2h).
        assertThat(state.get(n1).orElseThrow().revisitSeconds())
                .isEqualTo(Duration.ofHours(2).toSeconds());
    }

    @Test
    void aPageFaultGivesThePageItsOwnRetryScheduleAndThePagesAfterItGoOn() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        IngestProperties.State revisits =
                TestConfigs.state("s", Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(16));
        crawler = new SiteCrawler(fetcher, robots, publisher, state, revisits, meters, clock);
        transport.respond(N1, 403, utf8("forbidden"));

        CrawlReport first = crawler.crawl(site(500));
        assertThat(first.published()).isEqualTo(1); // N2, listed after the faulty N1
        assertThat(first.complete()).isTrue();
        UrlState n1 = state.get(NoticeIds.fromUrl(N1)).orElseThrow();
        assertThat(n1.fault()).isEqualTo("HTTP 403");
        assertThat(n1.faults()).isEqualTo(1);
        assertThat(n1.contentHash()).isNull();
        assertThat(n1.nextVisit()).isEqualTo(NOW.plus(Duration.ofHours(1)));

        clock.advance(Duration.ofMinutes(20));
        crawler.crawl(site(500));
        assertThat(pageRequests()).extracting(Object::toString).containsOnlyOnce(N1);

        clock.advance(Duration.ofMinutes(40));
        crawler.crawl(site(500));
        assertThat(pageRequests())
                .extracting(Object::toString)
                .filteredOn(N1::equals)
                .hasSize(2);
        // The second fault in a row doubles the page's retry interval.
        assertThat(state.get(NoticeIds.fromUrl(N1)).orElseThrow().nextVisit())
                .isEqualTo(NOW.plus(Duration.ofHours(1)).plus(Duration.ofHours(2)));

        clock.advance(Duration.ofHours(2));
        transport.respond(N1, 200, utf8(notice("通知正文", "ncsdhqzfb/2023-00301")), "Content-Type", "text/html");
        assertThat(crawler.crawl(site(500)).published()).isEqualTo(1);
        UrlState fixed = state.get(NoticeIds.fromUrl(N1)).orElseThrow();
        assertThat(fixed.fault()).isNull();
        assertThat(fixed.faults()).isZero();
    }

    @Test
    void aPageCutAtTheCapThatIsNoNoticeIsReportedWithItsReasonNotFetchedAgainAtOnceAndStillListedLater()
            throws Exception {
        IngestProperties.State revisits =
                TestConfigs.state("s", Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(16));
        MutableClock clock = new MutableClock(NOW);
        crawler = new SiteCrawler(fetcher, robots, publisher, state, revisits, meters, clock);
        // What a decompression bomb leaves: 2 MiB of nothing that looks like a notice, cut at the 1 MiB cap.
        transport.respond(N1, 200, new byte[2 * 1024 * 1024], "Content-Type", "text/html; charset=utf-8");

        CrawlReport first = crawler.crawl(site(500));
        assertThat(first.published()).isEqualTo(1); // N2, listed after it
        assertThat(first.problems()).anySatisfy(p -> {
            assertThat(p.url()).isEqualTo(N1);
            assertThat(p.reason()).contains("cut at the cap");
        });
        UrlState n1 = state.get(NoticeIds.fromUrl(N1)).orElseThrow();
        assertThat(n1.fault()).contains("cut at the cap");
        assertThat(n1.nextVisit()).isEqualTo(NOW.plus(Duration.ofHours(1)));

        clock.advance(Duration.ofMinutes(10));
        CrawlReport second = crawler.crawl(site(500));
        assertThat(pageRequests()).extracting(Object::toString).containsOnlyOnce(N1);
        // Not retried yet, and still visible: counted and listed with its reason and its next try.
        assertThat(second.faulted()).isEqualTo(1);
        assertThat(second.problems())
                .filteredOn(p -> p.url().equals(N1))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.reason())
                            .contains("cut at the cap")
                            .contains(NOW.plus(Duration.ofHours(1)).toString());
                });
    }

    @Test
    void aSitesOwnRevisitBoundsOverrideTheGlobalOnes() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        // Globally every notice is due at once (revisit-min 0) and may wait up to 7 days.
        crawler = new SiteCrawler(fetcher, robots, publisher, state, TestConfigs.state(), meters, clock);
        Site bounded = new Site(
                "dhq",
                null,
                List.of(LIST),
                List.of(),
                null,
                null,
                null,
                500,
                Site.Pagination.AUTO,
                10,
                List.of(),
                null,
                null,
                Duration.ofHours(3),
                Duration.ofHours(5));
        String n1 = NoticeIds.fromUrl(N1);

        crawler.crawl(bounded);
        assertThat(state.get(n1).orElseThrow().nextVisit()).isEqualTo(NOW.plus(Duration.ofHours(3)));

        clock.advance(Duration.ofHours(1));
        assertThat(crawler.crawl(bounded).notDue()).isEqualTo(2);

        clock.advance(Duration.ofHours(2));
        assertThat(crawler.crawl(bounded).unchanged()).isEqualTo(2);
        // Unchanged: doubled from 3h, but not beyond the site's 5h.
        assertThat(state.get(n1).orElseThrow().revisitSeconds())
                .isEqualTo(Duration.ofHours(5).toSeconds());

        // Under the global bounds the interval doubles past 5h.
        clock.advance(Duration.ofHours(5));
        assertThat(crawler.crawl(site(500)).unchanged()).isEqualTo(2);
        assertThat(state.get(n1).orElseThrow().revisitSeconds())
                .isEqualTo(Duration.ofHours(10).toSeconds());
    }

    @Test
    void maxPagesLimitsTheLinkedPagesFetched() throws Exception {
        CrawlReport report = crawler.crawl(site(1));

        assertThat(report.published()).isEqualTo(1);
        assertThat(pageRequests()).extracting(Object::toString).containsExactly(LIST, N1);
    }

    @Test
    void anUnreachableBrokerStopsTheCrawlAndNothingIsRemembered() throws Exception {
        publisher.failure = new PublishException("timeout", null, true);

        CrawlReport report = crawler.crawl(site(500));

        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.error()).contains("timeout");
        assertThat(pageRequests()).extracting(Object::toString).containsExactly(LIST, N1);
        assertThat(state.size()).isZero();

        publisher.failure = null;
        assertThat(crawler.crawl(site(500)).published()).isEqualTo(2);
    }

    @Test
    void aNoticeIsRecordedAsCrawledOnlyOnceItsAckArrivesAndAcksMayArriveOutOfOrder() throws Exception {
        HeldPublisher held = new HeldPublisher();
        SiteCrawler asyncCrawler = crawlerPublishingTo(held);
        ExecutorService crawlThread = Executors.newSingleThreadExecutor();
        try {
            Future<CrawlReport> crawl = crawlThread.submit(() -> asyncCrawler.crawl(site(500)));
            // Both notices sent before either is acknowledged: the crawl did not wait for the first ack.
            await().atMost(Duration.ofSeconds(10)).until(() -> held.sent.size() == 2);
            assertThat(state.get(NoticeIds.fromUrl(N1)))
                    .as("not recorded before its ack")
                    .isEmpty();
            assertThat(state.get(NoticeIds.fromUrl(N2))).isEmpty();
            assertThat(crawl.isDone())
                    .as("the crawl waits for every ack before it ends")
                    .isFalse();

            held.ack(N2);
            held.ack(N1);
            CrawlReport report = crawl.get(10, TimeUnit.SECONDS);

            assertThat(report.published()).isEqualTo(2);
            assertThat(report.complete()).isTrue();
            assertThat(state.get(NoticeIds.fromUrl(N1)))
                    .hasValueSatisfying(s -> assertThat(s.wasPublished()).isTrue());
            assertThat(state.get(NoticeIds.fromUrl(N2)))
                    .hasValueSatisfying(s -> assertThat(s.wasPublished()).isTrue());
            assertThat(meters.get("gongkai.ingest.notices")
                            .tag("outcome", "published")
                            .counter()
                            .count())
                    .isEqualTo(2.0);
        } finally {
            crawlThread.shutdownNow();
        }
    }

    @Test
    void aNoticeWhoseSendFailsIsNotRecordedAsCrawledWhileAnAcknowledgedOneIs() throws Exception {
        HeldPublisher held = new HeldPublisher();
        SiteCrawler asyncCrawler = crawlerPublishingTo(held);
        ExecutorService crawlThread = Executors.newSingleThreadExecutor();
        try {
            Future<CrawlReport> crawl = crawlThread.submit(() -> asyncCrawler.crawl(site(500)));
            await().atMost(Duration.ofSeconds(10)).until(() -> held.sent.size() == 2);

            held.ack(N2);
            held.fail(N1, new PublishException("delivery timed out", null, true));
            CrawlReport report = crawl.get(10, TimeUnit.SECONDS);

            assertThat(report.error()).contains("delivery timed out");
            assertThat(report.complete()).isFalse();
            assertThat(report.published()).isEqualTo(1);
            assertThat(report.failed()).as("N1 and the broken link").isEqualTo(2);
            assertThat(state.get(NoticeIds.fromUrl(N1)))
                    .as("sent again next crawl")
                    .isEmpty();
            assertThat(state.get(NoticeIds.fromUrl(N2)))
                    .hasValueSatisfying(s -> assertThat(s.wasPublished()).isTrue());
            assertThat(state.mark("dhq"))
                    .hasValueSatisfying(m -> assertThat(m.complete()).isFalse());
        } finally {
            crawlThread.shutdownNow();
        }

        CrawlReport next = crawler.crawl(site(500));
        assertThat(next.published()).isEqualTo(1);
        assertThat(publisher.notices).extracting(RawNotice::url).containsExactly(N1);
    }

    private SiteCrawler crawlerPublishingTo(NoticePublisher to) {
        return new SiteCrawler(
                HostAssignment.ALL,
                fetcher,
                robots,
                to,
                state,
                TestConfigs.state(),
                null,
                meters,
                Clock.fixed(NOW, ZoneOffset.UTC),
                ObservationRegistry.NOOP,
                8);
    }

    /** Sends without acknowledging: the test completes each notice's ack when it wants. */
    static final class HeldPublisher implements NoticePublisher {
        final Map<String, CompletableFuture<Void>> sent = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<Void> send(RawNotice notice) {
            return sent.computeIfAbsent(notice.url(), url -> new CompletableFuture<>());
        }

        void ack(String url) {
            sent.get(url).complete(null);
        }

        void fail(String url, PublishException e) {
            sent.get(url).completeExceptionally(e);
        }

        @Override
        public void publish(RawNotice notice) {
            throw new UnsupportedOperationException("a crawl sends without waiting");
        }

        @Override
        public void publishTombstone(String noticeId) {}
    }

    @Test
    void aRefusedRecordIsRecordedWithItsReasonAndNotSentAgainUntilItChanges() throws Exception {
        publisher.failure = new PublishException("record too large", null, false);

        CrawlReport report = crawler.crawl(site(500));

        assertThat(report.unpublishable()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(1); // the broken link
        assertThat(report.error()).isNull();
        assertThat(report.complete()).isTrue();
        assertThat(report.problems())
                .extracting(CrawlReport.Problem::url, CrawlReport.Problem::reason)
                .contains(org.assertj.core.groups.Tuple.tuple(N1, "unpublishable: record too large"));
        assertThat(pageRequests()).hasSize(5);
        assertThat(meters.get("gongkai.ingest.notices")
                        .tag("outcome", "unpublishable")
                        .counter()
                        .count())
                .isEqualTo(2.0);

        publisher.failure = null;
        CrawlReport again = crawler.crawl(site(500));
        assertThat(again.unpublishable()).isEqualTo(2);
        assertThat(publisher.notices).isEmpty();

        transport.respond(N2, 200, utf8(notice("公告正文（已修改）", "ncsdhqzfb/2023-00302")), "Content-Type", "text/html");
        assertThat(crawler.crawl(site(500)).published()).isEqualTo(1);
    }

    @Test
    void anUnavailableListPageIsAFailure() throws Exception {
        transport.respond(LIST, 503, utf8("busy"));

        CrawlReport report = crawler.crawl(site(500));

        assertThat(report.listPages()).isZero();
        assertThat(report.failed()).isEqualTo(1);
        assertThat(pageRequests()).hasSize(1);
    }

    /** Requests other than robots.txt. */
    private List<java.net.URI> pageRequests() {
        return transport.requestedUris().stream()
                .filter(u -> !u.getPath().equals("/robots.txt"))
                .toList();
    }

    @Test
    void pagesDisallowedByRobotsTxtAreNotFetchedAndCounted() throws Exception {
        transport.respond(BASE + "/robots.txt", 200, utf8("User-agent: *\nDisallow: /xxgk/202310/\n"));

        CrawlReport report = crawler.crawl(site(500));

        assertThat(report.denied()).isEqualTo(1);
        assertThat(report.published()).isEqualTo(1);
        assertThat(pageRequests())
                .extracting(Object::toString)
                .doesNotContain(N2)
                .contains(N1);
        assertThat(meters.get("gongkai.ingest.notices")
                        .tag("outcome", "denied")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aDisallowedListPageIsDeniedAndNothingElseFetched() throws Exception {
        transport.respond(BASE + "/robots.txt", 200, utf8("User-agent: gongkai\nDisallow: /xxgk/\n"));

        CrawlReport report = crawler.crawl(site(500));

        assertThat(report.denied()).isEqualTo(1);
        assertThat(report.listPages()).isZero();
        assertThat(pageRequests()).isEmpty();
    }

    @Test
    void aRobotsTxtAnswering5xxDefersTheWholeSite() throws Exception {
        transport.respond(BASE + "/robots.txt", 500, utf8("oops"));

        CrawlReport report = crawler.crawl(site(500));

        assertThat(report.deferred()).isEqualTo(1);
        assertThat(report.failed()).isZero();
        assertThat(pageRequests()).isEmpty();
        assertThat(transport.requestedUris()).extracting(Object::toString).containsExactly(BASE + "/robots.txt");
    }

    private byte[] transportBody(String url) throws Exception {
        return transport
                .exchange(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .build(),
                        1 << 20,
                        Duration.ofSeconds(1))
                .body();
    }

    private static String notice(String body, String indexNumber) {
        return "<table><tr><td>索 引 号：</td><td>" + indexNumber + "</td><td>发布机构：</td><td>东湖区人民政府办公室</td></tr>"
                + "<tr><td>有　效　性：</td><td>有效</td></tr></table><div class=\"TRS_Editor\"><p>" + body
                + "</p></div>";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final class RecordingPublisher implements NoticePublisher {
        final List<RawNotice> notices = new ArrayList<>();
        final List<String> tombstones = new ArrayList<>();
        PublishException failure;

        @Override
        public void publish(RawNotice notice) throws PublishException {
            if (failure != null) {
                throw failure;
            }
            notices.add(notice);
        }

        @Override
        public void publishTombstone(String noticeId) throws PublishException {
            if (failure != null) {
                throw failure;
            }
            tombstones.add(noticeId);
        }
    }
}
