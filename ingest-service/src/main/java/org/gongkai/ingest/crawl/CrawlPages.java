package org.gongkai.ingest.crawl;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import org.gongkai.ingest.extract.ListDiscovery;
import org.gongkai.ingest.fetch.FetchGate;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.site.Site;
import org.gongkai.ingest.url.CanonicalUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which pages a crawl visits and in which order, within {@code max-pages}: the links first seen on each list page
 * of the {@link ListDiscovery.Walk}, visited ({@link PageVisitor}) before the next list page is read; then the
 * site's known pages that are due but were not linked (removed notices, pages past the lists, pages waiting to
 * retry after a fault), earliest due first. The scan that finds those also reports the site's standing page faults
 * and drops the states of navigation pages and redirect aliases no list links any more, and of pages known only by
 * faults that failed for {@code state.forget-faulted-after} and no list links any more.
 *
 * <p>Thread-safe (stateless besides the thread-safe crawl state); each call belongs to one crawl and its thread.
 */
final class CrawlPages {

    private static final Logger log = LoggerFactory.getLogger(CrawlPages.class);

    /** How often a long crawl logs its progress. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    private final PageVisitor visitor;
    private final RevisitPolicy revisits;
    private final CrawlState state;
    private final OutcomeCounter outcomes;
    private final Clock clock;
    private final OtherHostLinks otherHosts = new OtherHostLinks();

    CrawlPages(PageVisitor visitor, RevisitPolicy revisits, CrawlState state, OutcomeCounter outcomes, Clock clock) {
        this.visitor = visitor;
        this.revisits = revisits;
        this.state = state;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /**
     * Visits the linked pages, then the known ones due. Before the next list page is read and before the known
     * pages are scanned, the notices sent so far are acknowledged and recorded: the walk asks the state which links
     * are known, the scan must see this crawl's outcomes (a fault fixed now is no standing fault), and a crawl
     * stopped while it reads a list page (which can take long) has recorded every notice it published.
     *
     * @param started when the crawl started (faults recorded before it are standing ones)
     * @return whether {@code max-pages} cut the crawl short
     * @throws PublishException when the broker is unavailable
     */
    boolean visit(
            FetchGate.Session session,
            ListDiscovery.Walk walk,
            CrawlReportBuilder report,
            PublishWindow window,
            Instant started)
            throws InterruptedException, PublishException {
        Site site = session.site();
        Set<String> visited = new HashSet<>();
        int budget = site.maxPages();
        boolean cut = false;
        long nextLog = System.nanoTime() + PROGRESS_EVERY.toNanos();
        for (List<ListDiscovery.Link> batch = walk.next(); batch != null; batch = next(walk, window)) {
            report.listPages(walk.read(), walk.failed(), walk.denied(), walk.deferred(), 0);
            report.listNotModified(walk.notModified());
            report.queued(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                if (budget <= 0) {
                    cut = true;
                    break;
                }
                ListDiscovery.Link link = batch.get(i);
                if (!visited.add(link.canonical())) {
                    continue;
                }
                budget--;
                report.queued(batch.size() - i - 1);
                visit(session, link.uri(), link.canonical(), report, window, visited);
                if (System.nanoTime() > nextLog) {
                    nextLog = System.nanoTime() + PROGRESS_EVERY.toNanos();
                    log.info("site {}: {}", site.id(), report.outcomes());
                }
            }
            if (cut) {
                log.info("site {}: more links than max-pages ({}), the rest next crawl", site.id(), site.maxPages());
                break;
            }
        }
        report.listPages(walk.read(), walk.failed(), walk.denied(), walk.deferred(), walk.fetched());
        report.listNotModified(walk.notModified());
        // not followed, but not silently: counted by host apart from the pages (session 17)
        report.otherHosts(
                walk.otherHostLinks().size(),
                otherHosts.count(site.id(), walk.otherHostLinks()).top());
        window.drain();
        // One more than the budget: finding it tells the loop below the crawl is cut.
        // Every list page and feed gave its links (none answered 304, failed, was denied or deferred): a page known
        // only as a link and not linked now is no longer reached from the lists.
        boolean linksComplete =
                walk.notModified() == 0 && walk.failed() == 0 && walk.denied() == 0 && walk.deferred() == 0;
        List<UrlState> due =
                cut ? List.of() : knownDue(site, visited, Math.max(budget, 0) + 1, report, started, linksComplete);
        for (int i = 0; i < due.size() && !cut; i++) {
            if (budget-- <= 0) {
                cut = true;
                break;
            }
            report.queued(due.size() - i - 1);
            UrlState known = due.get(i);
            if (!visited.add(known.url())) {
                continue; // reached through a redirect meanwhile
            }
            URI uri;
            try {
                uri = URI.create(known.url());
            } catch (IllegalArgumentException e) {
                continue;
            }
            visit(session, uri, known.url(), report, window, visited);
        }
        report.queued(0);
        return cut;
    }

    /** The next list page's new links, after the notices of the ones before are acknowledged and recorded. */
    private static List<ListDiscovery.Link> next(ListDiscovery.Walk walk, PublishWindow window)
            throws InterruptedException, PublishException {
        window.drain();
        return walk.next();
    }

    private void visit(
            FetchGate.Session session,
            URI uri,
            String canonical,
            CrawlReportBuilder report,
            PublishWindow window,
            Set<String> visited)
            throws InterruptedException, PublishException {
        NoticeOutcome outcome;
        try {
            outcome = visitor.visit(session, uri, canonical, report, window, visited);
        } catch (PublishException e) {
            // thrown by a tombstone's send; a notice's failure is counted by the window
            if (!window.counted(e)) {
                outcomes.count(session.site(), report, NoticeOutcome.FAILED);
            }
            throw e;
        }
        if (outcome != null) {
            // null: a notice sent, its outcome is counted by the window at the ack
            outcomes.count(session.site(), report, outcome);
        }
    }

    /**
     * Known pages of the site that are due but were not linked in this crawl, earliest due first, at most
     * {@code limit} of them (just over what is left of {@code max-pages}): the state is scanned, not loaded, so a
     * site with many known pages costs a bounded heap here; one left out is still due next crawl. The same scan
     * reports the site's standing page faults ({@link CrawlReportBuilder#standingFault}).
     *
     * <p>A page known only as a link ({@link UrlState#isLinkOnly()}: a navigation page, a redirect's alias) that is
     * due but not linked, in a crawl whose lists all gave their links ({@code linksComplete}), is no longer reached
     * from the lists: its state is dropped instead of the page being fetched (session 14). Should a list link it
     * again, it is a new page: fetched once and remembered again. In a crawl whose lists did not all give their links
     * (a 304, a failed, denied or deferred list page) it is visited when due, as it may still be linked. A page
     * known only by its faults is dropped on the same condition once its faults have run for {@code
     * state.forget-faulted-after} ({@link RevisitPolicy#givesUp}, session 15); a notice with a published version
     * never is (its removal is seen by visiting it: missing, deleted). A page an alias linked in this crawl led to
     * ({@link UrlState#target}) counts as linked, even when the alias was not due and so not followed (session 16).
     */
    private List<UrlState> knownDue(
            Site site,
            Set<String> visited,
            int limit,
            CrawlReportBuilder report,
            Instant started,
            boolean linksComplete) {
        Instant now = clock.instant();
        Comparator<UrlState> earliest = Comparator.comparing(UrlState::nextVisit);
        PriorityQueue<UrlState> latestFirst = new PriorityQueue<>(earliest.reversed());
        List<String> unlinked = new ArrayList<>();
        List<UrlState> giveUp = new ArrayList<>();
        // the pages the aliases linked in this crawl lead to: linked too, through them
        Set<String> linkedTargets = new HashSet<>();
        if (limit > 0) {
            state.forEachOfSite(site.id(), s -> {
                boolean visitedNow = visited.contains(s.url());
                if (visitedNow && s.target() != null) {
                    linkedTargets.add(s.target());
                }
                boolean due = !visitedNow && revisits.isDue(site, s, now);
                if (due && linksComplete && s.isLinkOnly()) {
                    unlinked.add(s.url());
                    return;
                }
                if (due && linksComplete && revisits.givesUp(s, now)) {
                    giveUp.add(s); // decided after the scan, which may meet its alias later
                    return;
                }
                if (s.fault() != null && s.lastSeen().isBefore(started) && !due) {
                    // a fault of an earlier crawl, not retried in this one (those retried report their own outcome;
                    // a page linked again but not due was not fetched)
                    report.standingFault(s);
                }
                if (due) {
                    latestFirst.add(s);
                    if (latestFirst.size() > limit) {
                        latestFirst.poll();
                    }
                }
            });
        }
        List<String> givenUp = new ArrayList<>();
        for (UrlState s : giveUp) {
            if (!linkedTargets.contains(s.url())) {
                givenUp.add(s.url());
                continue;
            }
            // still linked through a redirect: retried as before (session 16's trial: /go/bad 302 to bad.html)
            latestFirst.add(s);
            if (latestFirst.size() > limit) {
                latestFirst.poll();
            }
        }
        forget(site, unlinked, givenUp, report);
        List<UrlState> due = new ArrayList<>(latestFirst);
        due.sort(earliest);
        return due;
    }

    /**
     * Drops the states of pages known only as links, and of pages known only by their faults that failed for
     * {@code forget-faulted-after}, that no list links any more (after the scan, not inside it). The latter are
     * counted in the report ({@link CrawlReport#givenUp}).
     */
    private void forget(Site site, List<String> unlinked, List<String> givenUp, CrawlReportBuilder report) {
        for (String url : unlinked) {
            state.remove(CanonicalUrls.noticeId(url));
        }
        for (String url : givenUp) {
            state.remove(CanonicalUrls.noticeId(url));
        }
        report.givenUp(givenUp.size());
        if (!unlinked.isEmpty()) {
            log.info(
                    "site {}: forgot {} navigation page(s) or redirect alias(es) no list links any more",
                    site.id(),
                    unlinked.size());
        }
        if (!givenUp.isEmpty()) {
            log.info(
                    "site {}: forgot {} page(s) known only by their faults, failing for {} or longer and no longer"
                            + " linked, e.g. {}",
                    site.id(),
                    givenUp.size(),
                    revisits.forgetFaultedAfter(),
                    givenUp.get(0));
        }
    }
}
