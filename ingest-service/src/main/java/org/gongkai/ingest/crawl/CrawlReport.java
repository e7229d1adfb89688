package org.gongkai.ingest.crawl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gongkai.ingest.attach.AttachmentCollector;

/**
 * The result of one crawl of one site.
 *
 * @param siteId     the site
 * @param startedAt  when the crawl started
 * @param finishedAt when it ended
 * @param listPages  list pages (and feeds) fetched successfully and read
 * @param listPagesNotModified list pages (and feeds) that answered 304 to the validators of an earlier crawl: nothing
 *                   new there, their lists were not walked further (see {@link ListRevalidation})
 * @param fetched    HTTP fetches that got a response (list and linked pages)
 * @param published  notices published
 * @param unchanged  notices equal to their last published version
 * @param notDue     known pages not fetched because their next visit (or retry after a page fault) is later
 * @param missing    published notices that answered 404/410 for the first time (the next visit confirms)
 * @param skipped    linked pages that are not notices
 * @param skippedFor {@link #skipped} by reason ({@link SkipReason#label()}: count), in the enum's order; those
 *                   that are faults ({@link SkipReason#fault()}) are also in {@link #problems} with their details
 * @param failed     list or linked pages that could not be fetched, decoded or published (page faults get their
 *                   own retry schedule; see {@link #problems})
 * @param deleted    notices found gone (404/410), tombstone published
 * @param denied     list or linked pages not fetched because robots.txt disallows them
 * @param deferred   list or linked pages not fetched because their host is paused or its robots.txt unavailable
 * @param attachments attachments of published notices whose text was extracted (or reused, unchanged)
 * @param attachmentsFailed attachments of published notices that were tried but have no text: fetch, HTTP or
 *                   extraction failure, refused address, robots.txt or deferred host (not those skipped by
 *                   extension, {@code max-count} or text budget)
 * @param unpublishable notices the broker refused for good (reason in {@link #problems}); not sent again until
 *                   they change
 * @param faulted    known pages of the site whose last visit, in an earlier crawl, was a page fault or a refused
 *                   publication and whose own retry is not due yet (found by the end-of-crawl scan of the site's
 *                   state; 0 when the crawl was cut short, which skips that scan); they are listed in
 *                   {@link #problems} too, so a fault stays visible after the crawl that met it. This crawl's own
 *                   faults are in {@link #failed} and {@link #unpublishable}
 * @param complete   whether the crawl went to its end (see {@link CrawlMark})
 * @param problems   the first {@value Builder#MAX_PROBLEMS} pages that failed or could not be published, with why:
 *                   this crawl's first, then standing faults of earlier crawls
 * @param error      why the crawl stopped early, or null when it ran to the end
 */
public record CrawlReport(
        String siteId,
        Instant startedAt,
        Instant finishedAt,
        int listPages,
        int listPagesNotModified,
        int fetched,
        int published,
        int unchanged,
        int notDue,
        int missing,
        int skipped,
        Map<String, Integer> skippedFor,
        int failed,
        int deleted,
        int denied,
        int deferred,
        int attachments,
        int attachmentsFailed,
        int unpublishable,
        int faulted,
        boolean complete,
        List<Problem> problems,
        String error) {

    public CrawlReport {
        problems = problems == null ? List.of() : List.copyOf(problems);
        skippedFor = skippedFor == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(skippedFor));
    }

    /** A page that failed, with the reason. */
    public record Problem(String url, String reason) {}

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    @Override
    public String toString() {
        return String.format(
                "site %s: %d list pages (%d not modified), fetched %d, published %d, unchanged %d, not due %d, missing %d, skipped %d%s,"
                        + " failed %d, deleted %d, denied by robots %d, deferred %d, attachments %d (failed %d),"
                        + " unpublishable %d, faulted %d, %s in %d ms%s",
                siteId,
                listPages,
                listPagesNotModified,
                fetched,
                published,
                unchanged,
                notDue,
                missing,
                skipped,
                skippedFor.isEmpty() ? "" : " " + skippedFor,
                failed,
                deleted,
                denied,
                deferred,
                attachments,
                attachmentsFailed,
                unpublishable,
                faulted,
                complete ? "complete" : "incomplete",
                duration().toMillis(),
                error == null ? "" : " (stopped: " + error + ")");
    }

    /**
     * What a running crawl has done so far, for {@code /actuator/crawl}.
     *
     * @param siteId       the site
     * @param startedAt    when the crawl started
     * @param listPages    list pages read so far
     * @param listPagesNotModified list pages that answered 304 so far
     * @param pagesDone    linked pages handled (whatever the outcome)
     * @param queued       pages found and not yet handled
     * @param failed       pages failed so far
     * @param published    notices published so far
     * @param waitingForPoliteness fetches of this crawl waiting for their host's turn right now
     */
    public record Progress(
            String siteId,
            Instant startedAt,
            int listPages,
            int listPagesNotModified,
            int pagesDone,
            int queued,
            int failed,
            int published,
            int waitingForPoliteness) {}

    /**
     * Collects counts while a crawl runs. Written by the crawling thread; the counters are volatile so that
     * {@link #progress} read from another thread (the endpoint) sees recent values.
     */
    public static final class Builder {
        static final int MAX_PROBLEMS = 20;

        private final String siteId;
        private final Instant startedAt;
        private final Map<NoticeOutcome, Integer> outcomes = new EnumMap<>(NoticeOutcome.class);
        private final List<Problem> problems = new ArrayList<>();
        private final Map<SkipReason, Integer> skips = new EnumMap<>(SkipReason.class);
        private volatile int listPages;
        private volatile int listNotModified;
        private volatile int fetched;
        private volatile int pagesDone;
        private volatile int queued;
        private volatile int failures;
        private volatile int published;
        private int listFailures;
        private int listDenied;
        private int listDeferred;
        private int attachments;
        private int attachmentsFailed;
        private int faulted;
        private int pageFaults;
        private int hostFaults;
        private boolean complete;
        private String error;

        Builder(String siteId, Instant startedAt) {
            this.siteId = siteId;
            this.startedAt = startedAt;
        }

        public String siteId() {
            return siteId;
        }

        /** List pages (and feeds) that could not be fetched so far; read by the crawl's own thread. */
        int listFailures() {
            return listFailures;
        }

        void listPages(int read, int failed, int denied, int deferred, int fetched) {
            this.listPages = read;
            this.listFailures = failed;
            this.listDenied = denied;
            this.listDeferred = deferred;
            this.fetched += fetched;
        }

        /** List pages (and feeds) that answered 304 so far. */
        void listNotModified(int notModified) {
            this.listNotModified = notModified;
        }

        void fetched() {
            fetched++;
        }

        void queued(int n) {
            queued = n;
        }

        synchronized void outcome(NoticeOutcome outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
            pagesDone++;
            if (outcome == NoticeOutcome.FAILED || outcome == NoticeOutcome.UNPUBLISHABLE) {
                failures++;
            }
            if (outcome == NoticeOutcome.PUBLISHED) {
                published++;
            }
        }

        /** Why a page counted as {@link NoticeOutcome#SKIPPED} was no notice. */
        synchronized void skipped(SkipReason reason) {
            skips.merge(reason, 1, Integer::sum);
        }

        synchronized void problem(String url, String reason) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(new Problem(url, reason));
            }
        }

        /**
         * A known page whose last visit, in an earlier crawl, was a fault and whose retry is not due yet: counted,
         * and listed among the problems while there is room (after this crawl's own).
         */
        /** A page of this crawl failed for a reason of its own and got its own retry schedule. */
        synchronized void pageFault() {
            pageFaults++;
        }

        /**
         * A linked page failed for its host's sake (5xx, 429, no connection) and its state records nothing: it is
         * found again only through its list page, so this crawl's list validators are not kept.
         */
        synchronized void hostFault() {
            hostFaults++;
        }

        /** Linked pages of this crawl that failed without a record in their state ({@link #hostFault()}). */
        synchronized int hostFaults() {
            return hostFaults;
        }

        /**
         * Pages failing for reasons of their own as of this crawl: its page faults and refused publications, and
         * the standing faults of earlier crawls not retried in it.
         */
        synchronized int pageFaults() {
            return pageFaults + count(NoticeOutcome.UNPUBLISHABLE) + faulted;
        }

        synchronized void standingFault(UrlState state) {
            faulted++;
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(new Problem(
                        state.url(),
                        "last tried " + state.lastSeen() + ": " + state.fault() + " (next visit " + state.nextVisit()
                                + ")"));
            }
        }

        synchronized void attachments(AttachmentCollector.Collected collected) {
            attachments += collected.count(AttachmentCollector.Outcome.EXTRACTED)
                    + collected.count(AttachmentCollector.Outcome.REUSED);
            attachmentsFailed += collected.count(AttachmentCollector.Outcome.FAILED)
                    + collected.count(AttachmentCollector.Outcome.DENIED)
                    + collected.count(AttachmentCollector.Outcome.DEFERRED);
        }

        void complete(boolean complete) {
            this.complete = complete;
        }

        void error(String error) {
            this.error = error;
        }

        public Progress progress(int waitingForPoliteness) {
            return new Progress(
                    siteId,
                    startedAt,
                    listPages,
                    listNotModified,
                    pagesDone,
                    queued,
                    failures,
                    published,
                    waitingForPoliteness);
        }

        synchronized CrawlReport build(Instant finishedAt) {
            return new CrawlReport(
                    siteId,
                    startedAt,
                    finishedAt,
                    listPages,
                    listNotModified,
                    fetched,
                    count(NoticeOutcome.PUBLISHED),
                    count(NoticeOutcome.UNCHANGED),
                    count(NoticeOutcome.NOT_DUE),
                    count(NoticeOutcome.MISSING),
                    count(NoticeOutcome.SKIPPED),
                    skippedFor(),
                    count(NoticeOutcome.FAILED) + listFailures,
                    count(NoticeOutcome.DELETED),
                    count(NoticeOutcome.DENIED) + listDenied,
                    count(NoticeOutcome.DEFERRED) + listDeferred,
                    attachments,
                    attachmentsFailed,
                    count(NoticeOutcome.UNPUBLISHABLE),
                    faulted,
                    complete,
                    problems,
                    error);
        }

        private Map<String, Integer> skippedFor() {
            Map<String, Integer> byLabel = new LinkedHashMap<>();
            skips.forEach((reason, n) -> byLabel.put(reason.label(), n));
            return byLabel;
        }

        /** Counts so far, for progress logs. */
        synchronized String outcomes() {
            return outcomes.toString();
        }

        private int count(NoticeOutcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }
    }
}
