package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.gongkai.events.NoticeIds;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * A linked page that is no notice (the fixture's {@code /about.html}) is remembered as a navigation page: due again
 * after {@code state.navigation-revisit} (1d in the tests' configuration), not before; a published notice that
 * shows no notice metadata keeps its published state.
 */
class NavigationPageTest extends CrawlFixture {

    private static final String ABOUT = BASE + "/about.html";

    private final MutableClock clock = new MutableClock(NOW);

    private long aboutRequests() {
        return pageRequests().stream().filter(u -> u.toString().equals(ABOUT)).count();
    }

    @Test
    void aPageOfNoNoticeIsRememberedAsANavigationPageDueAfterNavigationRevisit() throws Exception {
        crawler = crawler(Duration.ofHours(1), Duration.ofDays(7), clock);

        CrawlReport first = crawler.crawl(site(500));

        assertThat(first.skippedFor()).containsEntry(SkipReason.NO_NOTICE_METADATA.label(), 1);
        assertThat(state.get(NoticeIds.fromUrl(ABOUT))).hasValueSatisfying(nav -> {
            assertThat(nav.url()).isEqualTo(ABOUT);
            assertThat(nav.wasPublished()).isFalse();
            assertThat(nav.fault()).isNull();
            assertThat(nav.etag()).isNull();
            assertThat(nav.nextVisit()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        });
        assertThat(aboutRequests()).isEqualTo(1);

        clock.advance(Duration.ofHours(2));
        CrawlReport beforeDue = crawler.crawl(site(500));
        assertThat(aboutRequests()).as("not fetched before it is due").isEqualTo(1);
        assertThat(beforeDue.skippedFor()).doesNotContainKey(SkipReason.NO_NOTICE_METADATA.label());

        clock.advance(Duration.ofDays(1));
        crawler.crawl(site(500));
        assertThat(aboutRequests()).as("due again after navigation-revisit").isEqualTo(2);
        UrlState again = state.get(NoticeIds.fromUrl(ABOUT)).orElseThrow();
        assertThat(again.nextVisit()).isEqualTo(again.lastSeen().plus(Duration.ofDays(1)));
    }

    @Test
    void aPublishedNoticeThatShowsNoNoticeMetadataKeepsItsPublishedState() throws Exception {
        crawler.crawl(site(500));
        UrlState published = state.get(NoticeIds.fromUrl(N1)).orElseThrow();
        transport.respond(N1, 200, utf8("<html><body><h1>维护中</h1></body></html>"), "Content-Type", "text/html");

        crawler.crawl(site(500));

        assertThat(state.get(NoticeIds.fromUrl(N1))).hasValueSatisfying(s -> {
            assertThat(s.contentHash()).isEqualTo(published.contentHash());
            assertThat(s.wasPublished()).isTrue();
        });
    }
}
