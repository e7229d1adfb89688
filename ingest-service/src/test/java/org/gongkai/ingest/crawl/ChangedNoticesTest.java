package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * Which fetched pages are published ({@link ChangedNotices}): changed notices only, a page cut at the cap that is no
 * notice, a page of random bytes, every skipped page counted under its reason, a notice the broker refuses for good, the event's URLs after a redirect. Through crawls of the fixture's
 * site ({@link CrawlFixture}).
 */
class ChangedNoticesTest extends CrawlFixture {

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
    void aPageCutAtTheCapThatIsNoNoticeIsReportedWithItsReasonNotFetchedAgainAtOnceAndStillListedLater()
            throws Exception {
        MutableClock clock = new MutableClock(NOW);
        crawler = crawler(Duration.ofHours(1), Duration.ofHours(16), clock);
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
        assertThat(second.faulted())
                .as("N1 and the fixture's broken link (500, a page fault)")
                .isEqualTo(2);
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
    void aPageOfRandomBytesServedAsHtmlIsReportedAsNotTextAndRetriedOnItsOwnSchedule() throws Exception {
        byte[] noise = new byte[30 * 1024];
        new java.util.Random(7).nextBytes(noise);
        transport.respond(N1, 200, noise, "Content-Type", "text/html");

        CrawlReport report = crawler.crawl(site(500));

        assertThat(report.published()).isEqualTo(1); // N2
        assertThat(report.problems())
                .filteredOn(p -> p.url().equals(N1))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).startsWith("not a notice: the body is not text ("));
        assertThat(state.get(NoticeIds.fromUrl(N1)).orElseThrow().fault()).contains("the body is not text");
        assertThat(report.skippedFor())
                .containsEntry(SkipReason.NOT_TEXT.label(), 1)
                .containsEntry(SkipReason.NO_NOTICE_METADATA.label(), 1); // /about.html, counted only
        assertThat(report.skippedFor().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(report.skipped());
    }

    @Test
    void everySkippedPageIsCountedUnderItsReason() throws Exception {
        CrawlReport report = crawler.crawl(site(500));

        assertThat(report.skipped()).isPositive();
        assertThat(report.skippedFor().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(report.skipped());
        assertThat(report.problems()).noneSatisfy(p -> assertThat(p.url()).endsWith("/about.html"));
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
    void aRedirectedNoticeIsIdentifiedByItsCanonicalTargetUrl() throws Exception {
        String target = BASE + "/xxgk/202311/../202311/t20231120_3003_new.html";
        transport.respond(N1, 301, utf8(""), "Location", target);
        transport.respond(target, 200, utf8(notice("通知正文", "ncsdhqzfb/2023-00301")), "Content-Type", "text/html");

        crawler.crawl(site(500));

        assertThat(publisher.notices)
                .extracting(RawNotice::noticeId, RawNotice::url, RawNotice::finalUrl)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                NoticeIds.fromUrl(target),
                                NoticeIds.canonicalUrl(target),
                                NoticeIds.canonicalUrl(target)),
                        org.assertj.core.groups.Tuple.tuple(NoticeIds.fromUrl(N2), N2, N2));
        assertThat(NoticeIds.canonicalUrl(target)).isEqualTo(BASE + "/xxgk/202311/t20231120_3003_new.html");
    }
}
