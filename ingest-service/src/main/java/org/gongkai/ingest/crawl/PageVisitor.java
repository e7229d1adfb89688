package org.gongkai.ingest.crawl;

import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.attach.AttachmentCollector;
import org.gongkai.ingest.extract.LinkExtractor;
import org.gongkai.ingest.extract.NoticeContent;
import org.gongkai.ingest.extract.NoticePageRecognizer;
import org.gongkai.ingest.fetch.CharsetDetector;
import org.gongkai.ingest.fetch.FetchGate;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.fetch.NotFetchedException;
import org.gongkai.ingest.fetch.Validators;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.publish.RawNotices;
import org.gongkai.ingest.site.Site;
import org.jsoup.nodes.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Visits one linked page: skips it when it is not due, fetches it conditionally (ETag, Last-Modified) through the
 * crawl's {@link FetchGate.Session}, and publishes it when it is a notice whose content differs from the version
 * last published, with its attachments. The crawl state of a page changes only after the broker acknowledged what
 * was published for it: in a crawl the notice goes to the crawl's {@link PublishWindow} and its state and outcome
 * are recorded when the ack arrives, while the crawl goes on with the next pages.
 *
 * <p>Faults: a page fault (the fetch failed for this page alone, a 4xx other than 404/410 on a published notice,
 * or a 404 of a page never published) is recorded in the page's state with its own retry time ({@link
 * RevisitPolicy#faultRetry}) and the reason, and the crawl goes on with the next page. A notice the broker
 * refuses for good is recorded as unpublishable with the reason, by its content hash, so it is not sent again
 * until it changes. A broker that cannot be reached is thrown ({@link PublishException}), as every further notice
 * would fail too. A published notice that answers 404 or 410 is marked missing; a second such answer on its next
 * visit publishes the tombstone.
 *
 * <p>Tracing: each visit is one observation ({@link PageObservation}) and so one trace, the notice's: its id is in the
 * MDC ({@code traceId}, with {@link org.gongkai.events.trace.NoticeLog}'s site and notice id) of every log line of the visit, in the
 * {@code traceparent} of the crawler's requests and in the published record's {@code gongkai-trace-id}.
 *
 * <p>Thread-safe (stateless besides the thread-safe crawl state).
 */
final class PageVisitor {

    private static final Logger log = LoggerFactory.getLogger(PageVisitor.class);

    private final CrawlState state;
    private final RevisitPolicy revisits;
    private final NoticePublisher publisher;
    private final AttachmentCollector attachmentCollector;
    private final NoticeContent content = new NoticeContent();
    private final NoticePageRecognizer recognizer = new NoticePageRecognizer();
    private final LinkExtractor links = new LinkExtractor();
    private final Clock clock;
    private final PageObservation observation;

    PageVisitor(
            CrawlState state,
            RevisitPolicy revisits,
            NoticePublisher publisher,
            AttachmentCollector attachments,
            Clock clock,
            ObservationRegistry observations) {
        this.observation = new PageObservation(observations);
        this.state = state;
        this.revisits = revisits;
        this.publisher = publisher;
        this.attachmentCollector = attachments;
        this.clock = clock;
    }

    /**
     * @param url       canonical URL of {@code page}
     * @param noticeId  {@code NoticeIds.fromUrl(url)} (the caller has it: canonicalising a URL is not cheap)
     * @param urlOfPage whether {@code url} is {@code NoticeIds.canonicalUrl(page.toString())} itself: then a page
     *                  that was not redirected has it as its final URL too
     * @param window    where a notice sent goes until its ack; the page's state and outcome follow then
     * @return the outcome, or null when a notice was sent: its outcome goes to the window's outcomes at the ack
     * @throws PublishException only when the broker is unavailable
     */
    NoticeOutcome visit(
            FetchGate.Session gate,
            java.net.URI page,
            String url,
            String noticeId,
            boolean urlOfPage,
            CrawlReport.Builder report,
            PublishWindow window)
            throws InterruptedException, PublishException {
        Site site = gate.site();
        return observation.observe(
                site,
                noticeId,
                url,
                pending -> visit(gate, page, url, urlOfPage, report, site, noticeId, window, pending));
    }

    private NoticeOutcome visit(
            FetchGate.Session gate,
            java.net.URI page,
            String url,
            boolean urlOfPage,
            CrawlReport.Builder report,
            Site site,
            String noticeId,
            PublishWindow window,
            PageObservation.Pending pending)
            throws InterruptedException, PublishException {
        UrlState known = state.get(noticeId).orElse(null);
        if (known != null && !revisits.isDue(site, known, clock.instant())) {
            return NoticeOutcome.NOT_DUE;
        }
        Validators validators = known == null ? Validators.NONE : new Validators(known.etag(), known.lastModified());
        FetchResult result;
        try {
            result = gate.fetch(page, validators);
            report.fetched();
        } catch (NotFetchedException e) {
            return switch (e.reason()) {
                case DENIED -> NoticeOutcome.DENIED;
                case DEFERRED -> NoticeOutcome.DEFERRED;
                case REFUSED, FAILED -> {
                    report.problem(url, e.getMessage());
                    if (e.pageFault()) {
                        pageFault(report, site, url, noticeId, known, 0, e.getMessage());
                    }
                    yield NoticeOutcome.FAILED;
                }
            };
        }
        Instant now = result.fetchedAt();
        if (result.status() == 404 || result.status() == 410) {
            if (known == null || !known.wasPublished()) {
                // A broken link on a list page: listed in the crawl that meets it, as the later ones list it.
                report.problem(url, "HTTP " + result.status());
                pageFault(report, site, url, noticeId, known, result.status(), "HTTP " + result.status());
                return NoticeOutcome.SKIPPED;
            }
            if (known.goneStrikes() == 0) {
                // One 404 can be a CMS hiccup: confirm on the next visit before removing the notice.
                state.put(noticeId, known.gone(now, result.status()));
                log.info(
                        "site {}: notice {} ({}) answered {}, will confirm", site.id(), noticeId, url, result.status());
                return NoticeOutcome.MISSING;
            }
            publisher.publishTombstone(noticeId);
            state.remove(noticeId);
            log.info("site {}: notice {} ({}) is gone ({})", site.id(), noticeId, url, result.status());
            return NoticeOutcome.DELETED;
        }
        if (result.status() == 304 && known != null) {
            state.put(
                    noticeId,
                    known.unchanged(
                            etag(result), lastModified(result), now, 304, revisits.nextRevisit(site, known, false)));
            return known.isUnpublishable() ? NoticeOutcome.UNPUBLISHABLE : NoticeOutcome.UNCHANGED;
        }
        if (!result.isSuccess()) {
            log.debug("site {}: {} answered {}", site.id(), url, result.status());
            report.problem(url, "HTTP " + result.status());
            if (result.status() >= 400 && result.status() < 500 && result.status() != 429) {
                pageFault(report, site, url, noticeId, known, result.status(), "HTTP " + result.status());
            }
            return NoticeOutcome.FAILED;
        }
        String finalUrl = urlOfPage && result.finalUri().toString().equals(page.toString()) ? url : null;
        return publishIfChanged(site, url, noticeId, finalUrl, known, result, "crawl", report, gate, window, pending);
    }

    /**
     * Publishes a page obtained elsewhere (a WARC record) through the same path as a crawled one: unchanged
     * content is not republished, pages that are not notices are skipped, the state is updated after the ack.
     * Attachments are listed only (no live fetches).
     */
    NoticeOutcome ingest(Site site, FetchResult result, String source) throws PublishException, InterruptedException {
        String url = NoticeIds.canonicalUrl(result.requestedUri().toString());
        String noticeId = NoticeIds.fromUrl(url);
        return observation.observe(site, noticeId, url, pending -> {
            String finalUrl =
                    result.finalUri().toString().equals(result.requestedUri().toString()) ? url : null;
            NoticeOutcome outcome = publishIfChanged(
                    site,
                    url,
                    noticeId,
                    finalUrl,
                    state.get(noticeId).orElse(null),
                    result,
                    source,
                    null,
                    null,
                    null,
                    null);
            if (outcome == NoticeOutcome.UNPUBLISHABLE) {
                throw new PublishException("notice " + noticeId + " could not be published", null, false);
            }
            return outcome;
        });
    }

    /**
     * A page that is not a notice. Most are ordinary (a link to the home page) and go unreported; one cut at the
     * body cap (a decompression bomb, a huge page of no notice) is a page fault the operator should see: reported,
     * and given its own retry schedule, so it is not decoded again at every crawl.
     */
    private NoticeOutcome skipped(
            Site site, String url, String noticeId, UrlState known, FetchResult result, CrawlReport.Builder report) {
        if (report != null && result.truncated()) {
            String reason =
                    "not a notice: the body was cut at the cap (fetch.max-body-bytes), nothing recognised before it";
            report.problem(url, reason);
            pageFault(report, site, url, noticeId, known, result.status(), reason);
        }
        return NoticeOutcome.SKIPPED;
    }

    /**
     * @param finalUrl the canonical URL of {@code result.finalUri()} when known already, else null
     * @param report  the running crawl's report, or null (WARC import)
     * @param gate    how to fetch attachments, or null to list them without fetching
     * @param window  where the notice's send waits for its ack; null to await the ack here
     * @param pending the visit's observation, ended at the ack when the notice goes to the window
     * @return the outcome; null when the notice went to the window (its outcome follows at the ack)
     */
    private NoticeOutcome publishIfChanged(
            Site site,
            String url,
            String noticeId,
            String finalUrl,
            UrlState known,
            FetchResult result,
            String source,
            CrawlReport.Builder report,
            FetchGate.Session gate,
            PublishWindow window,
            PageObservation.Pending pending)
            throws PublishException, InterruptedException {
        Instant now = result.fetchedAt();
        if (!content.mayBeNotice(result)) {
            return skipped(site, url, noticeId, known, result, report);
        }
        String hash = NoticeIds.sha256Hex(result.body());
        if (known != null && hash.equals(known.contentHash())) {
            state.put(
                    noticeId,
                    known.unchanged(
                            etag(result),
                            lastModified(result),
                            now,
                            result.status(),
                            revisits.nextRevisit(site, known, false)));
            return known.isUnpublishable() ? NoticeOutcome.UNPUBLISHABLE : NoticeOutcome.UNCHANGED;
        }
        CharsetDetector.Decoded decoded = content.decode(site, result);
        Document document = content.parse(decoded, result);
        if (!recognizer.recognize(document).isNotice()) {
            return skipped(site, url, noticeId, known, result, report);
        }
        List<LinkExtractor.AttachmentLink> attachmentLinks = links.attachments(document);
        List<RawNotice.Attachment> attachments;
        if (attachmentCollector == null || gate == null) {
            attachments = AttachmentCollector.listed(attachmentLinks, "not fetched");
        } else {
            AttachmentCollector.Collected collected = attachmentCollector.collect(attachmentLinks, gate);
            attachments = collected.attachments();
            if (report != null) {
                report.attachments(collected);
            }
        }
        RawNotice notice = RawNotices.of(site, url, noticeId, result, decoded, hash, source, attachments, finalUrl);
        // What the ack needs of the page, not the page (its bytes are not kept while the ack is awaited).
        Sent sent = new Sent(
                site, url, noticeId, known, etag(result), lastModified(result), hash, now, result.status(), report);
        if (window == null) {
            PublishException failure = null;
            try {
                publisher.publish(notice);
            } catch (PublishException e) {
                if (e.brokerUnavailable()) {
                    throw e;
                }
                failure = e;
            }
            return acknowledged(sent, failure);
        }
        PageObservation.Finish finish = pending.defer();
        window.add(() -> publisher.send(notice), failure -> {
            NoticeOutcome outcome = acknowledged(sent, failure);
            return finish.finish(outcome, failure != null && failure.brokerUnavailable() ? failure : null);
        });
        return null;
    }

    /** A notice sent: what recording its ack takes. */
    private record Sent(
            Site site,
            String url,
            String noticeId,
            UrlState known,
            String etag,
            String lastModified,
            String hash,
            Instant fetchedAt,
            int status,
            CrawlReport.Builder report) {}

    /**
     * Records a notice's ack ({@code failure} null) or refusal in its state. Only now, with the notice
     * acknowledged, may the state say it was published; a broker away records nothing (the page is sent again).
     */
    private NoticeOutcome acknowledged(Sent sent, PublishException failure) {
        Site site = sent.site();
        if (failure != null && failure.brokerUnavailable()) {
            return NoticeOutcome.FAILED;
        }
        if (failure != null) {
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
            state.put(
                    sent.noticeId(),
                    UrlState.unpublishable(
                            sent.url(),
                            site.id(),
                            sent.etag(),
                            sent.lastModified(),
                            sent.hash(),
                            sent.fetchedAt(),
                            sent.status(),
                            revisits.nextRevisit(site, sent.known(), true),
                            sent.known() == null ? 1 : sent.known().faults() + 1,
                            failure.getMessage()));
            return NoticeOutcome.UNPUBLISHABLE;
        }
        state.put(
                sent.noticeId(),
                UrlState.published(
                        sent.url(),
                        site.id(),
                        sent.etag(),
                        sent.lastModified(),
                        sent.hash(),
                        sent.fetchedAt(),
                        sent.status(),
                        revisits.nextRevisit(site, sent.known(), true)));
        return NoticeOutcome.PUBLISHED;
    }

    /** Records a page fault: the page retries on its own schedule, the crawl goes on. */
    private void pageFault(
            CrawlReport.Builder report,
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

    private static String etag(FetchResult result) {
        return result.headers().firstValue("etag").orElse(null);
    }

    private static String lastModified(FetchResult result) {
        return result.headers().firstValue("last-modified").orElse(null);
    }
}
