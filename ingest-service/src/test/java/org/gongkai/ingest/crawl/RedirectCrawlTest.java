package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.events.trace.NoticeLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * A notice linked directly and through a redirect is one notice, identified by its final URL: one notice id in the
 * events, its crawl state under that id, the link remembered as an alias; its withdrawal (404/410 of the final URL,
 * or a published page's URL now redirecting elsewhere) tombstones the right id. Through crawls of the fixture's
 * site ({@link CrawlFixture}), revisits due at every crawl.
 */
class RedirectCrawlTest extends CrawlFixture {

    private static final String MOVED = BASE + "/xxgk/moved.html";

    private void listing(String... hrefs) {
        StringBuilder html = new StringBuilder("<html><body><ul>");
        for (String href : hrefs) {
            html.append("<li><a href=\"").append(href).append("\">通知</a></li>");
        }
        transport.respond(LIST, 200, utf8(html.append("</ul></body></html>").toString()), "Content-Type", "text/html");
    }

    @BeforeEach
    void redirect() {
        transport.respond(MOVED, 301, new byte[0], "Location", N1);
    }

    @Test
    void aNoticeLinkedDirectlyAndThroughARedirectIsPublishedOnceUnderItsFinalUrl() throws Exception {
        listing(MOVED, N1);

        CrawlReport report = crawler.crawl(site(500));

        assertThat(publisher.notices).singleElement().satisfies(n -> {
            assertThat(n.noticeId()).isEqualTo(NoticeIds.fromUrl(N1));
            assertThat(n.url()).isEqualTo(N1);
            assertThat(n.finalUrl()).isEqualTo(N1);
        });
        assertThat(report.published()).isEqualTo(1);
        assertThat(state.get(NoticeIds.fromUrl(N1)))
                .hasValueSatisfying(s -> assertThat(s.wasPublished()).isTrue());
        assertThat(state.get(NoticeIds.fromUrl(MOVED))).hasValueSatisfying(alias -> {
            assertThat(alias.url()).isEqualTo(MOVED);
            assertThat(alias.wasPublished())
                    .as("nothing is published under the link's id")
                    .isFalse();
            assertThat(alias.etag())
                    .as("validators would go to the redirecting hop")
                    .isNull();
            assertThat(alias.fault()).isNull();
        });
    }

    @Test
    void theDirectLinkListedFirstGivesTheSameOneNotice() throws Exception {
        listing(N1, MOVED);

        CrawlReport first = crawler.crawl(site(500));
        CrawlReport second = crawler.crawl(site(500));

        assertThat(publisher.notices).extracting(RawNotice::noticeId).containsExactly(NoticeIds.fromUrl(N1));
        assertThat(first.skippedFor()).containsEntry(SkipReason.REDIRECT_TO_VISITED.label(), 1);
        assertThat(second.published()).isZero();
        assertThat(state.get(NoticeIds.fromUrl(MOVED)))
                .as("remembered once its target's state is")
                .hasValueSatisfying(alias -> assertThat(alias.wasPublished()).isFalse());
    }

    @Test
    void aRedirectToAPageAlreadyVisitedInTheCrawlDoesNotRequestThatPageAgain() throws Exception {
        listing(N1, MOVED);

        CrawlReport report = crawler.crawl(site(500));

        assertThat(pageRequests())
                .as("the chain stops at the visited hop")
                .filteredOn(uri -> uri.toString().equals(N1))
                .hasSize(1);
        assertThat(pageRequests())
                .filteredOn(uri -> uri.toString().equals(MOVED))
                .hasSize(1);
        assertThat(report.skippedFor()).containsEntry(SkipReason.REDIRECT_TO_VISITED.label(), 1);
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void aNoticeReachedOnlyThroughARedirectIsUnchangedOnTheNextCrawl() throws Exception {
        listing(MOVED);

        crawler.crawl(site(500));
        CrawlReport second = crawler.crawl(site(500));

        assertThat(publisher.notices).extracting(RawNotice::noticeId).containsExactly(NoticeIds.fromUrl(N1));
        assertThat(second.unchanged()).as("%s", second).isEqualTo(1);
    }

    @Test
    void aFinalUrlThatIsGoneTombstonesTheFinalUrlsNoticeNotTheLinks() throws Exception {
        listing(MOVED);
        crawler.crawl(site(500));
        transport.respond(N1, 410, utf8("gone"));

        CrawlReport first = crawler.crawl(site(500));
        CrawlReport confirmed = crawler.crawl(site(500));

        assertThat(first.missing()).isEqualTo(1);
        assertThat(confirmed.deleted()).isEqualTo(1);
        assertThat(publisher.tombstones).containsExactly(NoticeIds.fromUrl(N1));
    }

    @Test
    void aPublishedPageWhoseUrlNowRedirectsElsewhereIsTombstonedOnTheSecondVisit() throws Exception {
        // MOVED held a notice of its own (or was published under its link's id before session 13)
        transport.respond(MOVED, 200, utf8(notice("旧址正文", "ncsdhqzfb/2023-00999")), "Content-Type", "text/html");
        listing(MOVED);
        crawler.crawl(site(500));
        assertThat(publisher.notices).extracting(RawNotice::noticeId).containsExactly(NoticeIds.fromUrl(MOVED));
        transport.respond(MOVED, 302, new byte[0], "Location", N1);

        CrawlReport first = crawler.crawl(site(500));
        assertThat(publisher.tombstones).as("one redirect may be a hiccup").isEmpty();
        CrawlReport confirmed = crawler.crawl(site(500));

        assertThat(publisher.tombstones).containsExactly(NoticeIds.fromUrl(MOVED));
        assertThat(first.missing()).as("%s", first).isEqualTo(1);
        assertThat(confirmed.deleted()).as("%s", confirmed).isEqualTo(1);
        assertThat(publisher.notices)
                .extracting(RawNotice::noticeId)
                .containsExactly(NoticeIds.fromUrl(MOVED), NoticeIds.fromUrl(N1));
        assertThat(state.get(NoticeIds.fromUrl(MOVED)))
                .hasValueSatisfying(alias -> assertThat(alias.wasPublished()).isFalse());
    }

    @Test
    void aPublishedPageNowRedirectingToAPageListedBeforeItIsCountedMissingThenDeleted() throws Exception {
        transport.respond(MOVED, 200, utf8(notice("旧址正文", "ncsdhqzfb/2023-00999")), "Content-Type", "text/html");
        listing(N1, MOVED);
        crawler.crawl(site(500));
        transport.respond(MOVED, 301, new byte[0], "Location", N1);

        CrawlReport first = crawler.crawl(site(500));
        CrawlReport confirmed = crawler.crawl(site(500));

        assertThat(publisher.tombstones).containsExactly(NoticeIds.fromUrl(MOVED));
        assertThat(first.missing()).as("%s", first).isEqualTo(1);
        assertThat(first.skippedFor()).containsEntry(SkipReason.REDIRECT_TO_VISITED.label(), 1);
        assertThat(confirmed.deleted()).as("%s", confirmed).isEqualTo(1);
    }

    @Test
    void aRedirectToAnotherHostIsFollowedAndIdentifiedByTheTargetsUrl() throws Exception {
        String target = "http://other.test/zwgk/notice.html";
        resolver.map("other.test", "93.184.216.35");
        transport.respond(MOVED, 302, new byte[0], "Location", target);
        transport.respond(target, 200, utf8(notice("外站正文", "other/2023-00001")), "Content-Type", "text/html");
        listing(MOVED);

        crawler.crawl(site(500));

        assertThat(publisher.notices).singleElement().satisfies(n -> {
            assertThat(n.noticeId()).isEqualTo(NoticeIds.fromUrl(target));
            assertThat(n.url()).isEqualTo(target);
            assertThat(n.siteId()).isEqualTo(site(500).id());
        });
    }

    @Test
    void aLinkWhoseTargetFailsForItsHostIsNotRememberedSoItIsFollowedAgain() throws Exception {
        // a host that answers nothing else in the crawl (a 5xx of a host that does is the page's own fault)
        String target = "http://other.test/zwgk/notice.html";
        resolver.map("other.test", "93.184.216.35");
        transport.respond(MOVED, 302, new byte[0], "Location", target);
        transport.respond(target, 503, utf8("busy"));
        listing(MOVED);
        // its robots.txt read before (cached): an answer of an earlier crawl says nothing of the host now (session 16)
        robots.check(java.net.URI.create(target), site(500).networks());

        crawler(Duration.ofHours(1), Duration.ofDays(1), java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC))
                .crawl(site(500));

        assertThat(state.get(NoticeIds.fromUrl(MOVED))).isEmpty();
        assertThat(state.get(NoticeIds.fromUrl(target))).isEmpty();
    }

    @Test
    void aLinkWhoseTargetAnswers503WhileItsHostAnswersRecordsTheTargetsFaultAndTheAlias() throws Exception {
        transport.respond(N1, 503, utf8("busy"));
        listing(MOVED);

        crawler(Duration.ofHours(1), Duration.ofDays(1), java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC))
                .crawl(site(500));

        assertThat(state.get(NoticeIds.fromUrl(N1))).hasValueSatisfying(s -> {
            assertThat(s.faults()).isEqualTo(1);
            assertThat(s.status()).isEqualTo(503);
        });
        assertThat(state.get(NoticeIds.fromUrl(MOVED)))
                .as("the target has a state: the alias is remembered")
                .hasValueSatisfying(alias -> assertThat(alias.fault()).isNull());
    }

    @Test
    void aRedirectingVisitsLogContextAndSpanNameTheFinalUrlsNotice() throws Exception {
        RecordedVisits visits = new RecordedVisits();
        listing(MOVED);

        visits.crawler(this).crawl(site(500));

        String n1 = NoticeIds.fromUrl(N1);
        assertThat(visits.mdcAtPublish).containsExactly("dhq " + n1 + " " + n1);
        assertThat(visits.stopped)
                .as("the visit of the link")
                .containsExactly("gongkai.crawl.page dhq published " + n1);
        assertThat(MDC.get(NoticeLog.NOTICE_ID)).as("restored after the visit").isNull();
    }
}
