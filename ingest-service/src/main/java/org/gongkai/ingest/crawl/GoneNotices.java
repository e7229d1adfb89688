package org.gongkai.ingest.crawl;

import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.site.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages of a visit that are no longer there: a page that answered 404/410, and a link whose published notice now
 * redirects elsewhere. Against a published notice each such answer is a strike: the first marks it missing, the
 * second publishes its tombstone and forgets its state; a page never published that answers 404/410 is a page fault
 * (a broken link). {@link PageVisitor} decides when a visit ends here.
 *
 * <p>Thread-safe (stateless besides the thread-safe crawl state and publisher).
 */
final class GoneNotices {

    private static final Logger log = LoggerFactory.getLogger(GoneNotices.class);

    private final PageRecords records;
    private final NoticePublisher publisher;
    private final BrokerWaits waits;

    /** @param waits says so when a tombstone's ack takes long */
    GoneNotices(PageRecords records, NoticePublisher publisher, BrokerWaits waits) {
        this.records = records;
        this.publisher = publisher;
        this.waits = waits;
    }

    /**
     * A link whose own URL held a published notice now redirects elsewhere: the notice is no longer there (moved,
     * or withdrawn to another page), so, as for a 404, the first such visit marks it missing and the next one
     * publishes its tombstone; the answer itself is the final URL's notice. (Also how notices published under a
     * redirecting link's URL before session 13 give way to their final URL's.)
     *
     * @return the link's notice's outcome, {@link NoticeOutcome#MISSING} or {@link NoticeOutcome#DELETED}, or null
     *     when the link held none
     */
    NoticeOutcome movedAway(Site site, Redirect via, UrlState linkKnown, FetchResult result)
            throws PublishException, InterruptedException {
        if (linkKnown == null || !linkKnown.wasPublished()) {
            return null;
        }
        return strike(site, via.linkId(), via.linkUrl(), linkKnown, result, "now redirects to " + via.url());
    }

    /**
     * A page that answered 404 or 410: a page fault when it was never published; a published notice is marked
     * missing, and a second such answer on its next visit publishes the tombstone.
     */
    NoticeOutcome answeredGone(
            CrawlReportBuilder report, Site site, String url, String noticeId, UrlState known, FetchResult result)
            throws PublishException, InterruptedException {
        if (known == null || !known.wasPublished()) {
            // A broken link on a list page: listed in the crawl that meets it, as the later ones list it.
            report.problem(url, "HTTP " + result.status());
            records.pageFault(report, site, url, noticeId, known, result.status(), "HTTP " + result.status());
            report.skipped(SkipReason.GONE_NEVER_PUBLISHED);
            return NoticeOutcome.SKIPPED;
        }
        return strike(site, noticeId, url, known, result, "answered " + result.status());
    }

    /**
     * One more strike against a published notice no longer at its URL ({@code why}: a 404/410, or a redirect
     * elsewhere): the first marks it missing (one such answer can be a CMS hiccup, so the next visit confirms it),
     * the second publishes its tombstone and forgets its state.
     *
     * @return {@link NoticeOutcome#MISSING} or {@link NoticeOutcome#DELETED}
     * @throws PublishException when the tombstone could not be sent (the state stays, the next visit tries again)
     */
    private NoticeOutcome strike(Site site, String noticeId, String url, UrlState known, FetchResult result, String why)
            throws PublishException, InterruptedException {
        if (known.goneStrikes() == 0) {
            records.missing(noticeId, known, result);
            log.info("site {}: notice {} ({}) {}, will confirm", site.id(), noticeId, url, why);
            return NoticeOutcome.MISSING;
        }
        waits.forSite(site.id()).await("the tombstone of notice " + noticeId, () -> {
            publisher.publishTombstone(noticeId);
            return null;
        });
        records.gone(noticeId);
        log.info("site {}: notice {} ({}) is gone ({})", site.id(), noticeId, url, why);
        return NoticeOutcome.DELETED;
    }
}
