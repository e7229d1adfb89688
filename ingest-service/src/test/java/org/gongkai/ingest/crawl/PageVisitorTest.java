package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * A visit's outcome by what the page answered ({@link PageVisitor}): due or not, the conditional fetch and 304,
 * 404/410 (missing, then the tombstone), page faults with their own retry schedule, robots.txt. Through crawls of
 * the fixture's site ({@link CrawlFixture}).
 */
class PageVisitorTest extends CrawlFixture {

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
        assertThat(again.skipped())
                .as("the 410 link; about.html is a navigation page, not due before navigation-revisit (the link to"
                        + " elsewhere.test is no page: otherHostLinks)")
                .isEqualTo(1);
        assertThat(again.otherHostLinks()).isEqualTo(1);
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
        crawler = crawler(Duration.ofHours(2), Duration.ofHours(16), clock);
        crawler.crawl(site(500));
        String n1 = NoticeIds.fromUrl(N1);
        assertThat(state.get(n1).orElseThrow().nextVisit()).isEqualTo(NOW.plus(Duration.ofHours(2)));

        clock.advance(Duration.ofMinutes(30));
        CrawlReport early = crawler.crawl(site(500));
        assertThat(early.notDue())
                .as("the two notices, the navigation page and the broken link (a 500 of a host that answers: its"
                        + " own fault since session 15)")
                .isEqualTo(4);
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
        crawler = crawler(Duration.ofHours(1), Duration.ofHours(16), clock);
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
                Duration.ofHours(5),
                false);
        String n1 = NoticeIds.fromUrl(N1);

        crawler.crawl(bounded);
        assertThat(state.get(n1).orElseThrow().nextVisit()).isEqualTo(NOW.plus(Duration.ofHours(3)));

        clock.advance(Duration.ofHours(1));
        assertThat(crawler.crawl(bounded).notDue())
                .as("the two notices, the navigation page and the broken link (500, a page fault)")
                .isEqualTo(4);

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
}
