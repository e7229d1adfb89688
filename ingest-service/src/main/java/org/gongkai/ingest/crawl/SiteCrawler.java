package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.gongkai.ingest.url.CanonicalUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One crawl of one site, stage by stage: {@link ListDiscovery} reads the list pages (and sitemaps, feeds) one at
 * a time; the pages first seen on each are visited ({@link PageVisitor}) before the next list page is read, up to
 * {@code max-pages}; then the site's known pages that are due but no longer linked (removed notices, pages past
 * the lists, pages waiting to retry after a fault): that order is {@link CrawlPages}'. This class runs the crawl as
 * a whole: its resume mark, its publish window, its end on failure. All requests go through one {@link
 * FetchGate.Session}.
 *
 * <p>Resuming: a {@link CrawlMark} is stored (and flushed) as incomplete before the first list page and as
 * complete only when the crawl went to its end. After an incomplete crawl (interrupted, killed, cut short by
 * {@code max-pages}, a deferred host of its lists or a failed list page; a paused redirect target's host
 * holds back pages that stay due in the state, so it does not count), the lists are paged to their end instead of stopping
 * at the first page of known notices, so nothing listed after where it stopped is lost.
 *
 * <p>List validators: the mark carries the ETag / Last-Modified of the site's list pages and feeds, sent by the
 * next crawl; a list page that answers 304 ends the walk of its list. When that is allowed and when a crawl is a
 * full (unconditional) walk instead is {@link ListRevalidation}'s rule.
 *
 * <p>A changed {@code mirror} setting: the setting goes on every raw notice at publish, and the mark records the
 * value the site's last crawl published with. A crawl that finds it changed (either way) first marks the site's
 * published notices for republishing ({@link Republish}, as {@code POST /actuator/crawl/{site}/republish} does),
 * so the notices already indexed take the new setting without the operator's call; a site with more notices than
 * {@code max-pages} finishes over several crawls.
 *
 * <p>Publishing: a notice is sent without waiting for its ack; up to {@code max-unacknowledged} of them are on
 * their way while the crawl goes on ({@link PublishWindow}), and a page's state and outcome are recorded when its
 * ack arrives. The crawl is marked complete only after every ack.
 *
 * <p>Failure semantics: pages fail one by one and the crawl goes on (page faults get their own retry schedule,
 * see {@link RevisitPolicy}); when the broker is unreachable the crawl stops, as every further notice would fail
 * too. A broker that does not answer (frozen) holds the crawl at its next state flush or ack until it answers or the
 * producer's delivery timeout fails the records: nothing is recorded unacknowledged; {@link BrokerWaits} says so
 * past its threshold; a crawl during which state records failed ends with an error, so it is not counted a success
 * ({@link SiteCrawlMetrics}). Interruption (shutdown) ends the crawl at once, leaving its mark incomplete.
 *
 * <p>Metrics: {@code gongkai.ingest.notices} (tags {@code site}, {@code outcome}, including {@code
 * unpublishable}). Thread-safe for crawls of different sites at once; the {@link CrawlScheduler} never runs two
 * crawls of one site together.
 */
public final class SiteCrawler implements Crawler {

    private static final Logger log = LoggerFactory.getLogger(SiteCrawler.class);

    /** Notices awaiting their ack per crawl unless configured ({@code publish.max-unacknowledged}). */
    public static final int DEFAULT_MAX_UNACKNOWLEDGED = 32;

    private final FetchGate gate;
    private final HostPoliteness politeness;
    private final ListDiscovery discovery = new ListDiscovery();
    private final PageVisitor visitor;
    private final CrawlPages pages;
    private final OutcomeCounter outcomes;
    private final CrawlState state;
    private final ListRevalidation lists;
    private final Republish republish;
    private final Clock clock;
    private final int maxUnacknowledged;
    private final BrokerWaits brokerWaits;
    /** The session of each site being crawled, by site id: the hosts its crawl waits on ({@link #waitingForPoliteness}). */
    private final Map<String, FetchGate.Session> running = new ConcurrentHashMap<>();

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
                ObservationRegistry.NOOP,
                DEFAULT_MAX_UNACKNOWLEDGED);
    }

    /**
     * @param observations      observes each page visit ({@code gongkai.crawl.page}): its trace is the notice's, in
     *                          the log lines of the visit, the crawler's requests and the published records
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
                maxUnacknowledged,
                BrokerWaits.of(BrokerWaits.DEFAULT_THRESHOLD, meters));
    }

    /** @param brokerWaits says so when a crawl waits long for the broker (a state flush, notice acks) */
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
            int maxUnacknowledged,
            BrokerWaits brokerWaits) {
        if (maxUnacknowledged < 1) {
            throw new IllegalArgumentException("maxUnacknowledged must be at least 1: " + maxUnacknowledged);
        }
        this.maxUnacknowledged = maxUnacknowledged;
        this.brokerWaits = brokerWaits;
        this.gate = new FetchGate(assignment, fetcher, robots);
        this.politeness = fetcher.politeness();
        RevisitPolicy policy = new RevisitPolicy(revisits);
        this.visitor = new PageVisitor(state, policy, publisher, attachments, clock, observations, brokerWaits);
        this.outcomes = new OutcomeCounter(meters);
        this.pages = new CrawlPages(visitor, policy, state, outcomes, clock);
        this.state = state;
        this.lists = new ListRevalidation(revisits.listFullWalkInterval());
        this.republish = new Republish(state, clock);
        this.clock = clock;
    }

    @Override
    public CrawlReport crawl(Site site) throws InterruptedException {
        return crawl(site, new CrawlReportBuilder(site.id(), clock.instant()));
    }

    /** Crawls {@code site}, counting into {@code report} as it goes (readable from other threads as progress). */
    @Override
    public CrawlReport crawl(Site site, CrawlReportBuilder report) throws InterruptedException {
        state.load();
        Instant started = clock.instant();
        CrawlMark previous = state.mark(site.id()).orElse(null);
        boolean resume = previous == null || !previous.complete();
        if (resume && state.sizeOfSite(site.id()) > 0) {
            log.info("site {}: the last crawl did not go to its end, paging every list to its end", site.id());
        }
        ListRevalidation.Plan plan = lists.plan(previous, started);
        if (previous != null && previous.mirror() != site.mirror()) {
            // Marked (and flushed) before the new setting is: a crawl killed from here on republishes next time.
            int marked = republish.mark(site.id(), null);
            log.info(
                    "site {}: mirror setting changed to {}: republishing its {} published notices",
                    site.id(),
                    site.mirror(),
                    marked);
        }
        long failedWrites = state.writeFailures();
        // Stored before the first list page: a crawl killed from here on is known to be incomplete.
        state.putMark(new CrawlMark(site.id(), started, false).withMirror(site.mirror()));
        BrokerWaits.OfSite waits = brokerWaits.forSite(site.id());
        // Waits for the broker (no page before the mark is stored), saying so when that takes long (session 18).
        waits.run("its crawl state to be stored (start of the crawl)", state::flush);
        FetchGate.Session session = gate.open(site);
        running.put(site.id(), session);
        ListDiscovery.Walk walk = discovery.walk(
                session, url -> state.get(CanonicalUrls.noticeId(url)).isPresent(), resume, plan.validators());
        PublishWindow window =
                new PublishWindow(maxUnacknowledged, outcome -> outcomes.count(site, report, outcome), waits);
        boolean interrupted = false;
        try {
            boolean cut = pages.visit(session, walk, report, window, started);
            // Every notice acknowledged and its state recorded before the crawl may say it went to its end.
            window.drain();
            // A host deferred that is not the lists' (a paused redirect target) holds back pages that stay due in
            // the state (PageVisitor): the lists gave every link, so the crawl went to its end (session 17).
            boolean complete = !cut && !walk.cut() && !session.deferredListHost();
            report.complete(complete);
            state.putMark(lists.ended(plan, site.id(), started, complete, report.hostFaults() == 0, walk.validators())
                    .withMirror(site.mirror()));
        } catch (PublishException e) {
            report.error(e.getMessage());
            log.warn("site {}: broker unavailable, crawl stopped: {}", site.id(), e.getMessage());
        } catch (InterruptedException e) {
            // Shutdown: no waiting for acks; those already here are recorded (the rest is sent again next crawl).
            interrupted = true;
            throw e;
        } finally {
            running.remove(site.id(), session);
            // After a failure, what the broker did acknowledge is still recorded.
            if (interrupted) {
                window.completeArrived();
            } else {
                window.drainQuietly();
            }
            waits.run("its crawl state to be stored (end of the crawl)", state::flush);
        }
        long notStored = state.writeFailures() - failedWrites;
        if (notStored > 0 && !report.stoppedByError()) {
            // A crawl whose state the broker did not take is no success (session 19's trial: a frozen broker failed
            // the flushes after delivery.timeout.ms and the crawls counted as successes, so no alert fired).
            report.error("crawl state not stored: the broker failed " + notStored + " state record(s)");
            log.warn("site {}: the broker failed {} crawl state record(s) during the crawl", site.id(), notStored);
        }
        return report.build(clock.instant());
    }

    /**
     * Requests waiting for a turn at the hosts of the site's running crawl ({@link FetchGate.Session#hosts}: its
     * lists' and every host it asked, redirect targets' included; session 18's trial showed "0 waiting" while a crawl
     * waited for a redirect target's host), or at its lists' hosts when none runs. A host shared with another site's
     * crawl counts that one's waits too.
     */
    @Override
    public int waitingForPoliteness(Site site) {
        FetchGate.Session session = running.get(site.id());
        Set<String> hosts = session == null ? site.hosts() : session.hosts();
        return hosts.stream().mapToInt(politeness::waiting).sum();
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
        outcomes.count(site, null, outcome);
        return outcome;
    }

    /** Waits until the crawl state changes made so far are stored (after {@link #ingest} calls). */
    public void flushState() {
        state.flush();
    }
}
