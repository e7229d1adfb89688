package org.gongkai.ingest.crawl;

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
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.publish.RawNotices;
import org.gongkai.ingest.site.Site;
import org.jsoup.nodes.Document;

/**
 * Publishes a fetched page when it is a notice whose content differs from the version last published: a content
 * type that may be a notice ({@link NoticeContent}), a content hash other than the one recorded, a page the
 * {@link NoticePageRecognizer} takes for a notice; then its attachments are collected and the {@link RawNotice}
 * built and sent. In a crawl the send goes to the crawl's {@link PublishWindow} and the page's state is recorded
 * ({@link PageRecords#acknowledged}) when the ack arrives; a WARC import awaits the ack here.
 *
 * <p>Thread-safe (stateless besides the thread-safe crawl state).
 */
final class ChangedNotices {

    private final PageRecords records;
    private final NoticePublisher publisher;
    private final AttachmentCollector attachmentCollector;
    private final NoticeContent content = new NoticeContent();
    private final NoticePageRecognizer recognizer = new NoticePageRecognizer();
    private final LinkExtractor links = new LinkExtractor();

    /** @param attachments fetches the attachments of notices and extracts their text; null to list them only */
    ChangedNotices(PageRecords records, NoticePublisher publisher, AttachmentCollector attachments) {
        this.records = records;
        this.publisher = publisher;
        this.attachmentCollector = attachments;
    }

    /**
     * @param url     canonical URL of the page
     * @param known   the page's state, or null for a page never visited
     * @param via     the redirect that led to the page ({@code url} is its final URL), or null
     * @param result  a 2xx answer
     * @param report  the running crawl's report, or null (WARC import)
     * @param gate    how to fetch attachments, or null to list them without fetching
     * @param window  where the notice's send waits for its ack; null to await the ack here
     * @param pending the visit's observation, ended at the ack when the notice goes to the window
     * @return the outcome; null when the notice went to the window (its outcome follows at the ack)
     * @throws PublishException when the broker is unavailable (awaiting the ack here)
     */
    NoticeOutcome publishIfChanged(
            Site site,
            String url,
            String noticeId,
            UrlState known,
            Redirect via,
            FetchResult result,
            String source,
            CrawlReportBuilder report,
            FetchGate.Session gate,
            PublishWindow window,
            PageObservation.Pending pending)
            throws PublishException, InterruptedException {
        if (!content.mayBeNotice(result)) {
            return skipped(report, SkipReason.NOT_HTML_OR_TEXT);
        }
        String hash = NoticeIds.sha256Hex(result.body());
        if (known != null && hash.equals(known.contentHash())) {
            return records.unchanged(site, noticeId, known, result);
        }
        CharsetDetector.Decoded decoded = content.decode(site, result);
        Document document = content.parse(decoded, result);
        if (!recognizer.recognize(document).isNotice()) {
            return notANotice(site, url, noticeId, known, result, decoded, report);
        }
        List<RawNotice.Attachment> attachments = attachments(document, report, gate);
        RawNotice notice = RawNotices.of(site, url, noticeId, result, decoded, hash, source, attachments);
        PageRecords.Sent sent = new PageRecords.Sent(site, url, noticeId, known, result, hash, report, via);
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
            return records.acknowledged(sent, failure);
        }
        PageObservation.Finish finish = pending.defer();
        window.add(() -> publisher.send(notice), failure -> {
            NoticeOutcome outcome = records.acknowledged(sent, failure);
            return finish.finish(outcome, failure != null && failure.brokerUnavailable() ? failure : null);
        });
        return null;
    }

    private List<RawNotice.Attachment> attachments(Document document, CrawlReportBuilder report, FetchGate.Session gate)
            throws InterruptedException {
        List<LinkExtractor.AttachmentLink> attachmentLinks = links.attachments(document);
        if (attachmentCollector == null || gate == null) {
            return AttachmentCollector.listed(attachmentLinks, "not fetched");
        }
        AttachmentCollector.Collected collected = attachmentCollector.collect(attachmentLinks, gate);
        if (report != null) {
            report.attachments(collected);
        }
        return collected.attachments();
    }

    /**
     * A page that is not a notice. Most are ordinary (a link to the home page) and are counted by reason only; one
     * cut at the body cap (a decompression bomb, a huge page of no notice) or whose bytes are not text (random
     * bytes, a binary served as {@code text/html}) is a page fault the operator should see: listed among the
     * crawl's problems with the reason, recorded in the page's state (so {@code status} lists it after this crawl
     * too) and given its own retry schedule, so it is not decoded again at every crawl. Any other page of no notice
     * metadata is remembered as a navigation page ({@link PageRecords#navigation}). Not a dead letter: a page
     * that is no notice never becomes an event; dead-letter topics hold records a consumer could not handle.
     */
    private NoticeOutcome notANotice(
            Site site,
            String url,
            String noticeId,
            UrlState known,
            FetchResult result,
            CharsetDetector.Decoded decoded,
            CrawlReportBuilder report) {
        if (result.truncated()) {
            return fault(
                    report,
                    SkipReason.CUT_AT_CAP,
                    site,
                    url,
                    noticeId,
                    known,
                    result,
                    "not a notice: the body was cut at the cap (fetch.max-body-bytes), nothing recognised before it");
        }
        var notText = content.notText(decoded);
        if (notText.isPresent()) {
            return fault(report, SkipReason.NOT_TEXT, site, url, noticeId, known, result, notText.get());
        }
        if (report != null) {
            // a crawl's, not a WARC import's: remembered as a navigation page
            records.navigation(site, url, noticeId, known, result);
        }
        return skipped(report, SkipReason.NO_NOTICE_METADATA);
    }

    private NoticeOutcome fault(
            CrawlReportBuilder report,
            SkipReason why,
            Site site,
            String url,
            String noticeId,
            UrlState known,
            FetchResult result,
            String reason) {
        if (report != null) {
            report.problem(url, reason);
            records.pageFault(report, site, url, noticeId, known, result.status(), reason);
        }
        return skipped(report, why);
    }

    private static NoticeOutcome skipped(CrawlReportBuilder report, SkipReason why) {
        if (report != null) {
            report.skipped(why);
        }
        return NoticeOutcome.SKIPPED;
    }
}
