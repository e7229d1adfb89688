package org.gongkai.ingest.crawl;

import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.gongkai.ingest.attach.AttachmentCollector;
import org.gongkai.ingest.fetch.FetchGate;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.fetch.NotFetchedException;
import org.gongkai.ingest.fetch.Validators;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.site.Site;
import org.gongkai.ingest.url.CanonicalUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Visits one linked page: skips it when it is not due, fetches it conditionally (ETag, Last-Modified) through the
 * crawl's {@link FetchGate.Session} and acts on the answer: 404/410 (missing, then gone: the tombstone), 304
 * (unchanged), another failure (a page fault or a host's), or a 2xx, which {@link ChangedNotices} publishes when it
 * is a notice whose content differs from the version last published, with its attachments. What a visit found is
 * written to the page's crawl state by {@link PageRecords}; for a notice sent, only after the broker acknowledged
 * it: in a crawl the notice goes to the crawl's {@link PublishWindow} and its state and outcome are recorded when
 * the ack arrives, while the crawl goes on with the next pages.
 *
 * <p>Redirects: an answer that came from another URL than the link's is the final URL's notice ({@link Redirect}):
 * its identity, state and tombstone are that URL's, the link is remembered as an alias, and a link whose own URL
 * held a published notice and now redirects elsewhere loses it as a 404 would (two visits). A chain stops without
 * requesting a target handled in this crawl or known and not due ({@code HopStop}).
 *
 * <p>Faults: a page fault (the fetch failed for this page alone, a 4xx other than 404/410 on a published notice,
 * a 404 of a page never published, or since session 15 a 5xx/429 after its retries from a host that answered
 * another request of this crawl, since session 17 also a 5xx of a host that serves its robots.txt when asked) is recorded in the page's state with its own retry time ({@link
 * RevisitPolicy#faultRetry}) and the reason, and the crawl goes on with the next page. A notice the broker
 * refuses for good is recorded as unpublishable with the reason, by its content hash, so it is not sent again
 * until it changes. A broker that cannot be reached is thrown ({@link PublishException}), as every further notice
 * would fail too. A published notice that answers 404 or 410 is marked missing; a second such answer on its next
 * visit publishes the tombstone ({@link GoneNotices}).
 *
 * <p>Tracing: each visit is one observation ({@link PageObservation}) and so one trace, the notice's: its id is in the
 * MDC ({@code traceId}, with {@link org.gongkai.events.trace.NoticeLog}'s site and notice id) of every log line of the visit, in the
 * {@code traceparent} of the crawler's requests and in the published record's {@code gongkai-trace-id}. Once a link
 * redirected, the MDC's notice id and the span's notice tag are the final URL's (the link's strikes, logged before,
 * name the link).
 *
 * <p>Thread-safe (stateless besides the thread-safe crawl state).
 */
final class PageVisitor {

    private static final Logger log = LoggerFactory.getLogger(PageVisitor.class);

    private final RevisitPolicy revisits;
    private final PageRecords records;
    private final GoneNotices gone;
    private final ChangedNotices notices;
    private final Clock clock;
    private final PageObservation observation;

    /**
     * @param attachments fetches the attachments of notices and extracts their text; null to list them only
     * @param brokerWaits says so when a tombstone's ack takes long
     */
    PageVisitor(
            CrawlState state,
            RevisitPolicy revisits,
            NoticePublisher publisher,
            AttachmentCollector attachments,
            Clock clock,
            ObservationRegistry observations,
            BrokerWaits brokerWaits) {
        this.observation = new PageObservation(observations);
        this.revisits = revisits;
        this.records = new PageRecords(state, revisits, clock);
        this.gone = new GoneNotices(records, publisher, brokerWaits);
        this.notices = new ChangedNotices(records, publisher, attachments);
        this.clock = clock;
    }

    /**
     * @param url    canonical URL of {@code page}
     * @param window where a notice sent goes until its ack; the page's state and outcome follow then
     * @return the outcome, or null when a notice was sent: its outcome goes to the window's outcomes at the ack
     * @throws PublishException only when the broker is unavailable
     */
    NoticeOutcome visit(FetchGate.Session gate, URI page, String url, CrawlReportBuilder report, PublishWindow window)
            throws InterruptedException, PublishException {
        return visit(gate, page, url, report, window, new HashSet<>());
    }

    /**
     * @param visited canonical URLs visited in this crawl (the caller's, confined to the crawl's thread): a link
     *                that redirects to one of them is not handled a second time, and its final URL is added
     */
    NoticeOutcome visit(
            FetchGate.Session gate,
            URI page,
            String url,
            CrawlReportBuilder report,
            PublishWindow window,
            Set<String> visited)
            throws InterruptedException, PublishException {
        Site site = gate.site();
        String noticeId = CanonicalUrls.noticeId(url);
        return observation.observe(
                site,
                noticeId,
                url,
                pending -> visit(gate, page, url, report, site, noticeId, window, pending, visited));
    }

    private NoticeOutcome visit(
            FetchGate.Session gate,
            URI page,
            String url,
            CrawlReportBuilder report,
            Site site,
            String noticeId,
            PublishWindow window,
            PageObservation.Pending pending,
            Set<String> visited)
            throws InterruptedException, PublishException {
        UrlState known = records.known(noticeId);
        if (known != null && !revisits.isDueWhenLinked(site, known, clock.instant())) {
            return NoticeOutcome.NOT_DUE;
        }
        Validators validators = known == null ? Validators.NONE : new Validators(known.etag(), known.lastModified());
        HopStop stop = new HopStop(records, revisits, clock, site, url, visited);
        FetchResult result;
        try {
            result = gate.fetch(page, validators, stop::at);
            report.fetched();
        } catch (NotFetchedException e) {
            if (e.reason() == NotFetchedException.Reason.DENIED && e.redirectTarget() != null) {
                return redirectDisallowed(report, site, url, noticeId, known, e);
            }
            return switch (e.reason()) {
                case DENIED -> NoticeOutcome.DENIED;
                case DEFERRED -> {
                    heldBack(gate, site, url, noticeId, known, e);
                    yield NoticeOutcome.DEFERRED;
                }
                case REFUSED, FAILED -> {
                    report.problem(url, e.getMessage());
                    if (e.pageFault()) {
                        records.pageFault(report, site, url, noticeId, known, 0, e.getMessage());
                    } else {
                        report.hostFault();
                    }
                    yield NoticeOutcome.FAILED;
                }
            };
        }
        Redirect via = Redirect.of(url, noticeId, result);
        if (via == null) {
            return answered(gate, report, site, url, noticeId, known, null, result, window, pending);
        }
        // The answer is the final URL's notice: its identity, its state; the link keeps an alias.
        NoticeOutcome moved = gone.movedAway(site, via, known, result);
        if (moved != null) {
            // the link's own notice, beside the answer's outcome below: counted at once
            window.count(moved);
        }
        pending.identify(via.noticeId(), via.url());
        if (stop.reason() != null || !visited.add(via.url())) {
            // the chain stopped before the target (or reached one handled already): the target keeps its state
            records.redirected(site, via, result.fetchedAt(), result.status());
            report.skipped(stop.reason() != null ? stop.reason() : SkipReason.REDIRECT_TO_VISITED);
            return NoticeOutcome.SKIPPED;
        }
        NoticeOutcome outcome = answered(
                gate,
                report,
                site,
                via.url(),
                via.noticeId(),
                records.known(via.noticeId()),
                via,
                result,
                window,
                pending);
        if (outcome != null) {
            // null: a notice sent; the alias follows its ack
            records.redirected(site, via, result.fetchedAt(), result.status());
        }
        return outcome;
    }

    /**
     * A page held back by a deferred host that is not one of the site's lists' (a redirect target's host, paused):
     * such a deferral leaves the crawl complete ({@code SiteCrawler}), so the next crawl may ask its lists
     * conditionally and stop paging at known notices, and would not meet the link again. So a link that would not
     * stay due by its own state (one never visited, or an old link-only record not due by its time) is remembered
     * as due now ({@link PageRecords#heldBack}): the scan of the site's due pages follows it in every crawl until
     * the host answers. A page deferred on a host of the lists needs none: that crawl is incomplete and the next one
     * walks every list in full.
     */
    private void heldBack(
            FetchGate.Session gate, Site site, String url, String noticeId, UrlState known, NotFetchedException e) {
        if (e.deferredHost() == null || gate.isListHost(e.deferredHost())) {
            return;
        }
        if (known == null || (known.isLinkOnly() && !revisits.isDue(site, known, clock.instant()))) {
            records.heldBack(site, url, noticeId);
        }
    }

    /**
     * The link answered with a redirect whose target its host's robots.txt disallows: the target was not requested.
     * A page fault of the link ({@link SkipReason#REDIRECT_DISALLOWED}): listed among the problems, its state records
     * the fault and its retry time (so it is not requested at every crawl), and a notice published under the link
     * stays as it was (where it went cannot be read).
     */
    private NoticeOutcome redirectDisallowed(
            CrawlReportBuilder report, Site site, String url, String noticeId, UrlState known, NotFetchedException e) {
        report.fetched();
        report.problem(url, e.getMessage());
        records.pageFault(report, site, url, noticeId, known, 0, e.getMessage());
        report.skipped(SkipReason.REDIRECT_DISALLOWED);
        return NoticeOutcome.SKIPPED;
    }

    /** What the page at {@code url} (the final URL, after redirects) answered: its outcome, its state recorded. */
    private NoticeOutcome answered(
            FetchGate.Session gate,
            CrawlReportBuilder report,
            Site site,
            String url,
            String noticeId,
            UrlState known,
            Redirect via,
            FetchResult result,
            PublishWindow window,
            PageObservation.Pending pending)
            throws InterruptedException, PublishException {
        if (result.status() == 404 || result.status() == 410) {
            return gone.answeredGone(report, site, url, noticeId, known, result);
        }
        if (result.status() == 304 && known != null) {
            return records.unchanged(site, noticeId, known, result);
        }
        if (!result.isSuccess()) {
            log.debug("site {}: {} answered {}", site.id(), url, result.status());
            report.problem(url, "HTTP " + result.status());
            if (pageFault(gate, result)) {
                records.pageFault(report, site, url, noticeId, known, result.status(), "HTTP " + result.status());
            } else {
                report.hostFault();
            }
            return NoticeOutcome.FAILED;
        }
        return notices.publishIfChanged(
                site, url, noticeId, known, via, result, "crawl", report, gate, window, pending);
    }

    /**
     * Whether a failed answer (after its retries) is the page's own fault, recorded in its state with its retry
     * schedule: a 4xx other than 429 always; a 5xx or 429 when its host answered another request of this crawl
     * ({@link FetchGate.Session#hostAnswered}: the host is up, this page alone fails; session 15); a 5xx also when its
     * host, having answered nothing else, serves its robots.txt when asked now ({@link FetchGate.Session#hostUp};
     * session 17). Not a 429: it asks for fewer requests, and the probe would be one more. Otherwise a host fault: no
     * record, the page is tried again next crawl, so an outage does not hold pages back by {@code revisit-min}.
     */
    private static boolean pageFault(FetchGate.Session gate, FetchResult result) throws InterruptedException {
        int status = result.status();
        if (status >= 400 && status < 500 && status != 429) {
            return true;
        }
        if (status == 429) {
            return gate.hostAnswered(result.finalUri());
        }
        return status >= 500 && gate.hostUp(result.finalUri());
    }

    /**
     * Publishes a page obtained elsewhere (a WARC record) through the same path as a crawled one: unchanged
     * content is not republished, pages that are not notices are skipped, the state is updated after the ack.
     * Attachments are listed only (no live fetches).
     */
    NoticeOutcome ingest(Site site, FetchResult result, String source) throws PublishException, InterruptedException {
        String url = CanonicalUrls.canonical(result.requestedUri().toString());
        String noticeId = CanonicalUrls.noticeId(url);
        return observation.observe(site, noticeId, url, pending -> {
            NoticeOutcome outcome = notices.publishIfChanged(
                    site, url, noticeId, records.known(noticeId), null, result, source, null, null, null, null);
            if (outcome == NoticeOutcome.UNPUBLISHABLE) {
                throw new PublishException("notice " + noticeId + " could not be published", null, false);
            }
            return outcome;
        });
    }
}
