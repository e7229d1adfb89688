package org.gongkai.ingest.crawl;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.gongkai.ingest.attach.AttachmentCollector;

/**
 * The result of one crawl of one site.
 *
 * @param siteId     the site
 * @param startedAt  when the crawl started
 * @param finishedAt when it ended
 * @param listPages  list pages fetched successfully
 * @param fetched    HTTP fetches that got a response (list and linked pages)
 * @param published  notices published
 * @param unchanged  notices equal to their last published version
 * @param notDue     known notices not fetched because their next visit is later
 * @param missing    published notices that answered 404/410 for the first time (the next visit confirms)
 * @param skipped    linked pages that are not notices
 * @param failed     list or linked pages that could not be fetched, decoded or published
 * @param deleted    notices found gone (404/410), tombstone published
 * @param denied     list or linked pages not fetched because robots.txt disallows them
 * @param deferred   list or linked pages not fetched because their host is paused or its robots.txt unavailable
 * @param attachments attachments of published notices whose text was extracted (or reused, unchanged)
 * @param attachmentsFailed attachments of published notices that were tried but have no text: fetch, HTTP or
 *                   extraction failure, refused address, robots.txt or deferred host (not those skipped by
 *                   extension, {@code max-count} or text budget)
 * @param error      why the crawl stopped early, or null when it ran to the end
 */
public record CrawlReport(
        String siteId,
        Instant startedAt,
        Instant finishedAt,
        int listPages,
        int fetched,
        int published,
        int unchanged,
        int notDue,
        int missing,
        int skipped,
        int failed,
        int deleted,
        int denied,
        int deferred,
        int attachments,
        int attachmentsFailed,
        String error) {

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    @Override
    public String toString() {
        return String.format(
                "site %s: %d list pages, fetched %d, published %d, unchanged %d, not due %d, missing %d, skipped %d,"
                        + " failed %d, deleted %d,"
                        + " denied by robots %d, deferred %d, attachments %d (failed %d) in %d ms%s",
                siteId,
                listPages,
                fetched,
                published,
                unchanged,
                notDue,
                missing,
                skipped,
                failed,
                deleted,
                denied,
                deferred,
                attachments,
                attachmentsFailed,
                duration().toMillis(),
                error == null ? "" : " (stopped: " + error + ")");
    }

    /** Collects counts while a crawl runs; confined to the crawling thread. */
    static final class Builder {
        private final String siteId;
        private final Instant startedAt;
        private final Map<NoticeOutcome, Integer> outcomes = new EnumMap<>(NoticeOutcome.class);
        private int listPages;
        private int fetched;
        private int listFailures;
        private int listDenied;
        private int listDeferred;
        private int attachments;
        private int attachmentsFailed;
        private String error;

        Builder(String siteId, Instant startedAt) {
            this.siteId = siteId;
            this.startedAt = startedAt;
        }

        void listPage() {
            listPages++;
        }

        void fetched() {
            fetched++;
        }

        void listFailed() {
            listFailures++;
        }

        void listDenied() {
            listDenied++;
        }

        void listDeferred() {
            listDeferred++;
        }

        void outcome(NoticeOutcome outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
        }

        void attachments(AttachmentCollector.Collected collected) {
            attachments += collected.count(AttachmentCollector.Outcome.EXTRACTED)
                    + collected.count(AttachmentCollector.Outcome.REUSED);
            attachmentsFailed += collected.count(AttachmentCollector.Outcome.FAILED)
                    + collected.count(AttachmentCollector.Outcome.DENIED)
                    + collected.count(AttachmentCollector.Outcome.DEFERRED);
        }

        void error(String error) {
            this.error = error;
        }

        CrawlReport build(Instant finishedAt) {
            return new CrawlReport(
                    siteId,
                    startedAt,
                    finishedAt,
                    listPages,
                    fetched,
                    count(NoticeOutcome.PUBLISHED),
                    count(NoticeOutcome.UNCHANGED),
                    count(NoticeOutcome.NOT_DUE),
                    count(NoticeOutcome.MISSING),
                    count(NoticeOutcome.SKIPPED),
                    count(NoticeOutcome.FAILED) + listFailures,
                    count(NoticeOutcome.DELETED),
                    count(NoticeOutcome.DENIED) + listDenied,
                    count(NoticeOutcome.DEFERRED) + listDeferred,
                    attachments,
                    attachmentsFailed,
                    error);
        }

        /** Counts so far, for progress logs. */
        String progress() {
            return outcomes.toString();
        }

        private int count(NoticeOutcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }
    }
}
