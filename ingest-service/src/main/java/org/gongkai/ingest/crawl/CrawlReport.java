package org.gongkai.ingest.crawl;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param skipped    linked pages that are not notices (since session 17 no longer list links to other hosts: {@link
 *                   #otherHosts})
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
 * @param givenUp    pages known only by their faults (never published) that this crawl gave up and forgot: failing
 *                   for {@code state.forget-faulted-after} or longer and no longer linked from any list (session 16;
 *                   0 when the crawl was cut short or a list page did not give its links, which keeps them)
 * @param otherHostLinks distinct links of this crawl's list pages, and entries of its feeds, to another host than
 *                   their own: not followed, no request (session 17: counted apart from the pages; session 16 counted
 *                   them as skipped)
 * @param otherHosts those hosts with their links, the most linked first, at most {@value
 *                   OtherHostLinks#MAX_REPORTED}; each is also logged once, the first time the site links it
 * @param complete   whether the crawl went to its end (see {@link CrawlMark})
 * @param problems   the first {@value CrawlReportBuilder#MAX_PROBLEMS} pages that failed or could not be published, with why:
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
        int givenUp,
        int otherHostLinks,
        Map<String, Integer> otherHosts,
        boolean complete,
        List<Problem> problems,
        String error) {

    public CrawlReport {
        problems = problems == null ? List.of() : List.copyOf(problems);
        skippedFor = skippedFor == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(skippedFor));
        otherHosts = otherHosts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(otherHosts));
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
                        + " unpublishable %d, faulted %d, given up %d%s, %s in %d ms%s",
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
                givenUp,
                otherHostLinks == 0 ? "" : ", links to other hosts (not followed) " + otherHostLinks + " " + otherHosts,
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
}
