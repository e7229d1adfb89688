package org.gongkai.ingest.crawl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gongkai.ingest.attach.AttachmentCollector;

/**
 * Collects counts while a crawl runs. Written by the crawling thread; the counters are volatile so that
 * {@link #progress} read from another thread (the endpoint) sees recent values.
 */
public final class CrawlReportBuilder {
    static final int MAX_PROBLEMS = 20;

    private final String siteId;
    private final Instant startedAt;
    private final Map<NoticeOutcome, Integer> outcomes = new EnumMap<>(NoticeOutcome.class);
    private final List<CrawlReport.Problem> problems = new ArrayList<>();
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
    private int givenUp;
    private int otherHostLinks;
    private Map<String, Integer> otherHosts = Map.of();
    private int pageFaults;
    private int hostFaults;
    private boolean complete;
    private String error;

    CrawlReportBuilder(String siteId, Instant startedAt) {
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

    /** List pages (and feeds) deferred so far, their host paused; read by the crawl's own thread. */
    int listDeferred() {
        return listDeferred;
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
            problems.add(new CrawlReport.Problem(url, reason));
        }
    }

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

    /**
     * A known page whose last visit, in an earlier crawl, was a fault and whose retry is not due yet: counted,
     * and listed among the problems while there is room (after this crawl's own).
     */
    synchronized void standingFault(UrlState state) {
        faulted++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new CrawlReport.Problem(
                    state.url(),
                    "last tried " + state.lastSeen() + ": " + state.fault() + " (next visit " + state.nextVisit()
                            + ")"));
        }
    }

    /**
     * Pages known only by their faults that this crawl gave up: their faults ran for {@code
     * state.forget-faulted-after} and no list links them any more, so their states were dropped ({@link CrawlPages}).
     */
    synchronized void givenUp(int pages) {
        givenUp += pages;
    }

    /**
     * The distinct links of the crawl's lists and feeds to other hosts (not followed), and the most linked of those
     * hosts with their counts ({@link OtherHostLinks}).
     */
    synchronized void otherHosts(int links, Map<String, Integer> byHost) {
        otherHostLinks = links;
        otherHosts = byHost;
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

    /** Whether {@link #error} was set: the crawl stopped early. */
    boolean stoppedByError() {
        return error != null;
    }

    public CrawlReport.Progress progress(int waitingForPoliteness) {
        return new CrawlReport.Progress(
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
                givenUp,
                otherHostLinks,
                otherHosts,
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
