package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.gongkai.events.NoticeIds;
import org.gongkai.ingest.attach.AttachmentCollector;
import org.gongkai.ingest.extract.ListDiscovery;
import org.gongkai.ingest.fetch.FetchGate;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.fetch.HostPoliteness;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.RobotsPolicy;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One crawl of one site, stage by stage: {@link ListDiscovery} reads the list pages (and sitemaps, feeds) one at
 * a time; the pages first seen on each are visited ({@link PageVisitor}) before the next list page is read, up to
 * {@code max-pages}; then the site's known pages that are due but no longer linked (removed notices, pages past
 * the lists, pages waiting to retry after a fault). All requests go through one {@link FetchGate.Session}.
 *
 * <p>Resuming: a {@link CrawlMark} is stored (and flushed) as incomplete before the first list page and as
 * complete only when the crawl went to its end. After an incomplete crawl (interrupted, killed, cut short by
 * {@code max-pages}, a deferred host or a failed list page), the lists are paged to their end instead of stopping
 * at the first page of known notices, so nothing listed after where it stopped is lost.
 *
 * <p>Publishing: a notice is sent without waiting for its ack; up to {@code max-unacknowledged} of them are on
 * their way while the crawl goes on ({@link PublishWindow}), and a page's state and outcome are recorded when its
 * ack arrives. The crawl is marked complete only after every ack.
 *
 * <p>Failure semantics: pages fail one by one and the crawl goes on (page faults get their own retry schedule,
 * see {@link RevisitPolicy}); when the broker is unreachable the crawl stops, as every further notice would fail
 * too. Interruption (shutdown) ends the crawl at once, leaving its mark incomplete.
 *
 * <p>Metrics: {@code gongkai.ingest.notices} (tags {@code site}, {@code outcome}, including {@code
 * unpublishable}). Thread-safe for crawls of different sites at once; the {@link CrawlScheduler} never runs two
 * crawls of one site together.
 */
public final class SiteCrawler implements Crawler {

    private static final Logger log = LoggerFactory.getLogger(SiteCrawler.class);

    /** How often a long crawl logs its progress. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    /** Notices awaiting their ack per crawl unless configured ({@code publish.max-unacknowledged}). */
    public static final int DEFAULT_MAX_UNACKNOWLEDGED = 32;

    private final FetchGate gate;
    private final HostPoliteness politeness;
    private final ListDiscovery discovery = new ListDiscovery();
    private final PageVisitor visitor;
    private final RevisitPolicy revisits;
    private final CrawlState state;
    private final MeterRegistry meters;
    private final Clock clock;
    private final int maxUnacknowledged;

    /** A crawler that may send requests to every host and lists attachments without fetching them. */
    public SiteCrawler(
            HttpFetcher fetcher,
            RobotsPolicy robots,
            NoticePublisher publisher,
            CrawlState state,
            IngestProperties.State revisits,
            MeterRegistry meters,
            Clock clock) {
        this(HostAssignment.ALL, fetcher, robots, publisher, state, revisits, null, meters, clock);
    }

    /**
     * @param assignment  which hosts this instance may send requests to (several instances)
     * @param attachments fetches the attachments of notices and extracts their text; null to list them only
     */
    public SiteCrawler(
            HostAssignment assignment,
            HttpFetcher fetcher,
            RobotsPolicy robots,
            NoticePublisher publisher,
            CrawlState state,
            IngestProperties.State revisits,
            AttachmentCollector attachments,
            MeterRegistry meters,
            Clock clock) {
        this(
                assignment,
                fetcher,
                robots,
                publisher,
                state,
                revisits,
                attachments,
                meters,
                clock,
                ObservationRegistry.NOOP);
    }

    /**
     * @param observations observes each page visit ({@code gongkai.crawl.page}): its trace is the notice's, in the
     *                     log lines of the visit, the crawler's requests and the published records
     */
    public SiteCrawler(
            HostAssignment assignment,
            HttpFetcher fetcher,
            RobotsPolicy robots,
            NoticePublisher publisher,
            CrawlState state,
            IngestProperties.State revisits,
            AttachmentCollector attachments,
            MeterRegistry meters,
            Clock clock,
            ObservationRegistry observations) {
        this(
                assignment,
                fetcher,
                robots,
                publisher,
                state,
                revisits,
                attachments,
                meters,
                clock,
                observations,
                DEFAULT_MAX_UNACKNOWLEDGED);
    }

    /**
     * @param maxUnacknowledged notices one crawl may have sent and not yet had acknowledged ({@link PublishWindow});
     *                          1 awaits each ack before the next page
     */
    public SiteCrawler(
            HostAssignment assignment,
            HttpFetcher fetcher,
            RobotsPolicy robots,
            NoticePublisher publisher,
            CrawlState state,
            IngestProperties.State revisits,
            AttachmentCollector attachments,
            MeterRegistry meters,
            Clock clock,
            ObservationRegistry observations,
            int maxUnacknowledged) {
        if (maxUnacknowledged < 1) {
            throw new IllegalArgumentException("maxUnacknowledged must be at least 1: " + maxUnacknowledged);
        }
        this.maxUnacknowledged = maxUnacknowledged;
        this.gate = new FetchGate(assignment, fetcher, robots);
        this.politeness = fetcher.politeness();
        this.revisits = new RevisitPolicy(revisits);
        this.visitor = new PageVisitor(state, this.revisits, publisher, attachments, clock, observations);
        this.state = state;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public CrawlReport crawl(Site site) throws InterruptedException {
        return crawl(site, new CrawlReport.Builder(site.id(), clock.instant()));
    }

    /** Crawls {@code site}, counting into {@code report} as it goes (readable from other threads as progress). */
    @Override
    public CrawlReport crawl(Site site, CrawlReport.Builder report) throws InterruptedException {
        state.load();
        Instant started = clock.instant();
        boolean resume = !state.mark(site.id()).map(CrawlMark::complete).orElse(false);
        if (resume && state.sizeOfSite(site.id()) > 0) {
            log.info("site {}: the last crawl did not go to its end, paging every list to its end", site.id());
        }
        // Stored before the first list page: a crawl killed from here on is known to be incomplete.
        state.putMark(new CrawlMark(site.id(), started, false));
        state.flush();
        FetchGate.Session session = gate.open(site);
        // The notice ids of the links asked about, for their visit (each id once: canonicalising is not cheap).
        Map<String, String> ids = new HashMap<>();
        ListDiscovery.Walk walk = discovery.walk(
                session,
                url -> state.get(ids.computeIfAbsent(url, NoticeIds::fromUrl)).isPresent(),
                resume);
        Set<String> visited = new HashSet<>();
        PublishWindow window = new PublishWindow(maxUnacknowledged, outcome -> outcome(site, report, outcome));
        int budget = site.maxPages();
        boolean cut = false;
        boolean interrupted = false;
        long nextLog = System.nanoTime() + PROGRESS_EVERY.toNanos();
        try {
            for (List<ListDiscovery.Link> batch = walk.next(); batch != null; batch = next(walk, window)) {
                report.listPages(walk.read(), walk.failed(), walk.denied(), walk.deferred(), 0);
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
                    String id = ids.remove(link.canonical());
                    visit(
                            session,
                            link.uri(),
                            link.canonical(),
                            id != null ? id : NoticeIds.fromUrl(link.canonical()),
                            true,
                            report,
                            window);
                    if (System.nanoTime() > nextLog) {
                        nextLog = System.nanoTime() + PROGRESS_EVERY.toNanos();
                        log.info("site {}: {}", site.id(), report.outcomes());
                    }
                }
                if (cut) {
                    log.info(
                            "site {}: more links than max-pages ({}), the rest next crawl", site.id(), site.maxPages());
                    break;
                }
            }
            report.listPages(walk.read(), walk.failed(), walk.denied(), walk.deferred(), walk.fetched());
            // Every linked notice recorded first, so the scan below sees this crawl's outcomes (a fault fixed now
            // is no standing fault). One more than the budget: finding it tells the loop below the crawl is cut.
            window.drain();
            List<UrlState> due = cut ? List.of() : knownDue(site, visited, Math.max(budget, 0) + 1, report, started);
            for (int i = 0; i < due.size() && !cut; i++) {
                if (budget-- <= 0) {
                    cut = true;
                    break;
                }
                report.queued(due.size() - i - 1);
                UrlState known = due.get(i);
                URI uri;
                try {
                    uri = URI.create(known.url());
                } catch (IllegalArgumentException e) {
                    continue;
                }
                visit(session, uri, known.url(), NoticeIds.fromUrl(known.url()), false, report, window);
            }
            report.queued(0);
            // Every notice acknowledged and its state recorded before the crawl may say it went to its end.
            window.drain();
            boolean complete = !cut && !walk.cut() && !session.deferredAny();
            report.complete(complete);
            state.putMark(new CrawlMark(site.id(), started, complete));
        } catch (PublishException e) {
            report.error(e.getMessage());
            log.warn("site {}: broker unavailable, crawl stopped: {}", site.id(), e.getMessage());
        } catch (InterruptedException e) {
            // Shutdown: no waiting for acks; those already here are recorded (the rest is sent again next crawl).
            interrupted = true;
            throw e;
        } finally {
            // After a failure, what the broker did acknowledge is still recorded.
            if (interrupted) {
                window.completeArrived();
            } else {
                window.drainQuietly();
            }
            state.flush();
        }
        return report.build(clock.instant());
    }

    /**
     * The next list page's new links, after the notices of the ones before are acknowledged and recorded: the
     * walk asks the state which links are known, and a crawl stopped while it reads a list page (which can take
     * long) has recorded every notice it published.
     */
    private static List<ListDiscovery.Link> next(ListDiscovery.Walk walk, PublishWindow window)
            throws InterruptedException, PublishException {
        window.drain();
        return walk.next();
    }

    /** @param urlOfPage whether {@code canonical} is {@code NoticeIds.canonicalUrl(uri.toString())} */
    private void visit(
            FetchGate.Session session,
            URI uri,
            String canonical,
            String noticeId,
            boolean urlOfPage,
            CrawlReport.Builder report,
            PublishWindow window)
            throws InterruptedException, PublishException {
        NoticeOutcome outcome;
        try {
            outcome = visitor.visit(session, uri, canonical, noticeId, urlOfPage, report, window);
        } catch (PublishException e) {
            // thrown by a tombstone's send; a notice's failure is counted by the window
            if (!window.counted(e)) {
                outcome(session.site(), report, NoticeOutcome.FAILED);
            }
            throw e;
        }
        if (outcome != null) {
            // null: a notice sent, its outcome is counted by the window at the ack
            outcome(session.site(), report, outcome);
        }
    }

    /**
     * Known pages of the site that are due but were not linked in this crawl, earliest due first, at most
     * {@code limit} of them (just over what is left of {@code max-pages}): the state is scanned, not loaded, so a site with
     * many known pages costs a bounded heap here; one left out is still due next crawl. The same scan reports the
     * site's standing page faults ({@link CrawlReport.Builder#standingFault}).
     */
    private List<UrlState> knownDue(
            Site site, Set<String> visited, int limit, CrawlReport.Builder report, Instant started) {
        Instant now = clock.instant();
        Comparator<UrlState> earliest = Comparator.comparing(UrlState::nextVisit);
        PriorityQueue<UrlState> latestFirst = new PriorityQueue<>(earliest.reversed());
        if (limit > 0) {
            state.forEachOfSite(site.id(), s -> {
                boolean visitedNow = visited.contains(s.url());
                boolean due = !visitedNow && revisits.isDue(site, s, now);
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
        List<UrlState> due = new ArrayList<>(latestFirst);
        due.sort(earliest);
        return due;
    }

    @Override
    public int waitingForPoliteness(Site site) {
        return site.hosts().stream().mapToInt(politeness::waiting).sum();
    }

    /**
     * Publishes a page obtained elsewhere (a WARC record) through the same path as a crawled one: unchanged
     * content is not republished, pages that are not notices are skipped, the state is updated after the ack.
     *
     * @param result a 2xx response
     * @param source the event's {@code source}, e.g. {@code warc}
     */
    public NoticeOutcome ingest(Site site, FetchResult result, String source)
            throws PublishException, InterruptedException {
        state.load();
        NoticeOutcome outcome = visitor.ingest(site, result, source);
        outcome(site, null, outcome);
        return outcome;
    }

    /** Waits until the crawl state changes made so far are stored (after {@link #ingest} calls). */
    public void flushState() {
        state.flush();
    }

    private void outcome(Site site, CrawlReport.Builder report, NoticeOutcome outcome) {
        if (report != null) {
            report.outcome(outcome);
        }
        Counter.builder("gongkai.ingest.notices")
                .description("Linked pages by crawl outcome")
                .tag("site", site.id())
                .tag("outcome", outcome.tag())
                .register(meters)
                .increment();
    }
}
