package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import org.gongkai.events.NoticeIds;
import org.junit.jupiter.api.Test;

/**
 * Which pages a crawl visits ({@link CrawlPages}): the linked ones within {@code max-pages}, then the known ones
 * due but no longer linked. Through crawls of the fixture's site ({@link CrawlFixture}).
 */
class CrawlPagesTest extends CrawlFixture {

    @Test
    void maxPagesLimitsTheLinkedPagesFetched() throws Exception {
        CrawlReport report = crawler.crawl(site(1));

        assertThat(report.published()).isEqualTo(1);
        assertThat(pageRequests()).extracting(Object::toString).containsExactly(LIST, N1);
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
}
