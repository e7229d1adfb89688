package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.events.trace.NoticeLog;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.publish.PublishException;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * A crawl as a whole ({@link SiteCrawler}): what it publishes and counts, its observations, its publish window (acks
 * out of order, a failed send), a broker away, list pages unavailable or disallowed. Through crawls of the
 * fixture's site ({@link CrawlFixture}); the Kafka side is covered by CrawlIT.
 */
class SiteCrawlerTest extends CrawlFixture {

    @Test
    void aNoticeIsRecordedAsCrawledOnlyOnceItsAckArrivesAndAcksMayArriveOutOfOrder() throws Exception {
        HeldPublisher held = new HeldPublisher();
        ExecutorService crawlThread = Executors.newSingleThreadExecutor();
        try {
            Future<CrawlReport> crawl = crawlUntilBothSent(held, crawlThread);
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
        ExecutorService crawlThread = Executors.newSingleThreadExecutor();
        try {
            Future<CrawlReport> crawl = crawlUntilBothSent(held, crawlThread);

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

    @Test
    void eachPageVisitIsObservedAndPublishesWithItsSiteAndNoticeInTheMdc() throws Exception {
        RecordedVisits visits = new RecordedVisits();
        List<String> mdcAtPublish = visits.mdcAtPublish;
        List<String> observed = visits.stopped;
        SiteCrawler observedCrawler = visits.crawler(this);

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
        assertThat(report.skipped()).as("about.html").isEqualTo(1);
        assertThat(report.skippedFor()).containsOnly(Map.entry(SkipReason.NO_NOTICE_METADATA.label(), 1));
        assertThat(report.otherHostLinks())
                .as("the link to elsewhere.test, not followed")
                .isEqualTo(1);
        assertThat(report.otherHosts()).containsOnly(Map.entry("elsewhere.test", 1));
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
                .as("about.html; the link to elsewhere.test is no page of the crawl (session 17)")
                .isEqualTo(1.0);
        assertThat(meters.get("gongkai.ingest.notices")
                        .tag("outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(1.0);
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
    void anUnavailableListPageIsAFailure() throws Exception {
        transport.respond(LIST, 503, utf8("busy"));

        CrawlReport report = crawler.crawl(site(500));

        assertThat(report.listPages()).isZero();
        assertThat(report.failed()).isEqualTo(1);
        assertThat(pageRequests()).hasSize(1);
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

    /**
     * Starts a crawl on {@code thread} that sends to {@code held}; returns once both notices are sent, before either
     * is acknowledged: the crawl did not wait for the first ack.
     */
    private Future<CrawlReport> crawlUntilBothSent(HeldPublisher held, ExecutorService thread) {
        SiteCrawler asyncCrawler = crawlerPublishingTo(held);
        Future<CrawlReport> crawl = thread.submit(() -> asyncCrawler.crawl(site(500)));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.sent.size() == 2);
        return crawl;
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
}
