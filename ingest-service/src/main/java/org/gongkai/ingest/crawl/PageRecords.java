package org.gongkai.ingest.crawl;

import java.time.Clock;
import java.time.Instant;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.site.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what a visit found in the page's crawl state, one method per outcome: unchanged (next visit by the
 * adaptive interval of {@link RevisitPolicy}), a page fault (its own retry time and reason), missing or gone, and a
 * sent notice's ack (published) or refusal (unpublishable, by its content hash, so it is not sent again until it
 * changes). A notice is recorded as published only at its ack; a broker away records nothing (the page is sent
 * again).
 *
 * <p>Thread-safe (stateless besides the thread-safe crawl state).
 */
final class PageRecords {

    private static final Logger log = LoggerFactory.getLogger(PageRecords.class);

    private final CrawlState state;
    private final RevisitPolicy revisits;
    private final Clock clock;

    PageRecords(CrawlState state, RevisitPolicy revisits, Clock clock) {
        this.state = state;
        this.revisits = revisits;
        this.clock = clock;
    }

    /** A notice sent: what recording its ack takes (not the page: its bytes are not kept while the ack is awaited). */
    record Sent(
            Site site,
            String url,
            String noticeId,
            UrlState known,
            String etag,
            String lastModified,
            String hash,
            Instant fetchedAt,
            int status,
            CrawlReportBuilder report,
            Redirect via) {

        Sent(
                Site site,
                String url,
                String noticeId,
                UrlState known,
                FetchResult result,
                String hash,
                CrawlReportBuilder report) {
            this(site, url, noticeId, known, result, hash, report, null);
        }

        /** @param via the redirect that led to the page, or null: its link's alias is recorded with the ack */
        Sent(
                Site site,
                String url,
                String noticeId,
                UrlState known,
                FetchResult result,
                String hash,
                CrawlReportBuilder report,
                Redirect via) {
            this(
                    site,
                    url,
                    noticeId,
                    known,
                    PageRecords.etag(result),
                    PageRecords.lastModified(result),
                    hash,
                    result.fetchedAt(),
                    result.status(),
                    report,
                    via);
        }
    }

    /** The page's state, or null for a page never visited. */
    UrlState known(String noticeId) {
        return state.get(noticeId).orElse(null);
    }

    /** A known page answered with what was last seen (304, or the same content hash). */
    NoticeOutcome unchanged(Site site, String noticeId, UrlState known, FetchResult result) {
        state.put(
                noticeId,
                known.unchanged(
                        etag(result),
                        lastModified(result),
                        result.fetchedAt(),
                        result.status(),
                        revisits.nextRevisit(site, known, false)));
        return known.isUnpublishable() ? NoticeOutcome.UNPUBLISHABLE : NoticeOutcome.UNCHANGED;
    }

    /** A published notice answered 404 or 410 for the first time: kept until the next visit confirms it. */
    void missing(String noticeId, UrlState known, FetchResult result) {
        state.put(noticeId, known.gone(result.fetchedAt(), result.status()));
    }

    /**
     * Records a redirecting link's alias ({@link UrlState#redirected}), once the page it led to has a state of its
     * own (so it is revisited from there and not lost while the link is not due). A link that held a published
     * notice of its own keeps that state until its tombstone ({@link PageVisitor}); a link whose target has no
     * state yet (a navigation page, a host fault, a notice still awaiting its ack) is left to be followed again.
     */
    void redirected(Site site, Redirect via, Instant fetchedAt, int status) {
        if (state.get(via.noticeId()).isEmpty()) {
            return;
        }
        UrlState link = state.get(via.linkId()).orElse(null);
        if (link != null && link.wasPublished()) {
            return;
        }
        state.put(
                via.linkId(),
                UrlState.redirected(
                        via.linkUrl(),
                        site.id(),
                        fetchedAt,
                        status,
                        revisits.nextRevisit(site, link, false),
                        via.url()));
    }

    /**
     * A page fetched in a crawl that is no notice (no notice metadata; session 13): remembered as a navigation page,
     * due again after {@code state.navigation-revisit}, so it is not fetched at every crawl and a list page linking
     * it brings nothing new. A page that held a published notice keeps its state (its notice is not withdrawn by
     * this: it is visited again as before).
     */
    void navigation(Site site, String url, String noticeId, UrlState known, FetchResult result) {
        if (known != null && known.wasPublished()) {
            return;
        }
        state.put(
                noticeId,
                UrlState.navigation(url, site.id(), result.fetchedAt(), result.status(), revisits.navigationRevisit()));
    }

    /**
     * A link held back by a deferred host other than the lists' ({@link UrlState#heldBack}): remembered as due now,
     * so a later crawl follows it even when its list answers 304 or its paging stops before it.
     */
    void heldBack(Site site, String url, String noticeId) {
        state.put(noticeId, UrlState.heldBack(url, site.id(), clock.instant()));
    }

    /** A notice whose tombstone was published: forgotten. */
    void gone(String noticeId) {
        state.remove(noticeId);
    }

    /** Records a page fault: the page retries on its own schedule, the crawl goes on. */
    void pageFault(
            CrawlReportBuilder report,
            Site site,
            String url,
            String noticeId,
            UrlState known,
            int status,
            String reason) {
        if (report != null) {
            report.pageFault();
        }
        int faults = known == null ? 1 : known.faults() + 1;
        state.put(
                noticeId,
                UrlState.faulted(
                        known, url, site.id(), clock.instant(), status, reason, revisits.faultRetry(site, faults)));
    }

    /**
     * Records a notice's ack ({@code failure} null) or refusal in its state. Only now, with the notice
     * acknowledged, may the state say it was published; a broker away records nothing (the page is sent again).
     */
    NoticeOutcome acknowledged(Sent sent, PublishException failure) {
        Site site = sent.site();
        if (failure != null && failure.brokerUnavailable()) {
            return NoticeOutcome.FAILED;
        }
        UrlState published = UrlState.published(
                sent.url(),
                site.id(),
                sent.etag(),
                sent.lastModified(),
                sent.hash(),
                sent.fetchedAt(),
                sent.status(),
                revisits.nextRevisit(site, sent.known(), true));
        if (failure == null) {
            state.put(sent.noticeId(), published);
            if (sent.via() != null) {
                redirected(site, sent.via(), sent.fetchedAt(), sent.status());
            }
            return NoticeOutcome.PUBLISHED;
        }
        // Refused for good: remember this version and why, so it is not fetched and sent again until it changes.
        log.warn(
                "site {}: notice {} ({}) cannot be published: {}",
                site.id(),
                sent.noticeId(),
                sent.url(),
                failure.getMessage());
        if (sent.report() != null) {
            sent.report().problem(sent.url(), "unpublishable: " + failure.getMessage());
        }
        UrlState known = sent.known();
        boolean faultedBefore = known != null && known.faultingSince() != null;
        int faults = known == null ? 1 : known.faults() + 1;
        state.put(
                sent.noticeId(),
                published.refused(
                        faults, failure.getMessage(), faultedBefore ? known.faultingSince() : published.lastSeen()));
        if (sent.via() != null) {
            redirected(site, sent.via(), sent.fetchedAt(), sent.status());
        }
        return NoticeOutcome.UNPUBLISHABLE;
    }

    private static String etag(FetchResult result) {
        return result.headers().firstValue("etag").orElse(null);
    }

    private static String lastModified(FetchResult result) {
        return result.headers().firstValue("last-modified").orElse(null);
    }
}
