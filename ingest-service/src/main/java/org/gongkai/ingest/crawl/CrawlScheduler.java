package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the crawls of the sites independently of each other: each site after {@code initial-delay}, then on its
 * own interval (the site's {@code schedule}, else {@code crawl-interval}, start to start), plus crawls requested
 * through {@link #crawlNow(String)}. Up to {@code max-concurrent-sites} crawls run at once, each on its own worker
 * thread; the fetches in flight are bounded by the politeness policy ({@code max-concurrent-requests}), which
 * also keeps every per-host rule (one request at a time, delays, back-off). A slow or failing site therefore
 * holds one worker and at most one fetch slot per host, never the other sites.
 *
 * <p>A site is never crawled beside itself: a manual crawl waits for the running one; a crawl that overruns its
 * interval is followed by one right away, not by one per missed interval. A timer thread only hands due sites to
 * the workers.
 *
 * <p>Started after the application context is ready, so start-up does no crawling work; stopping interrupts the
 * running crawls (their remaining pages are simply not fetched) and waits briefly for them to end.
 *
 * <p>Thread-safe; the reports of the last crawls and the progress of running ones ({@link SiteCrawls}, which also
 * keeps a site from being crawled beside itself) are readable from any thread.
 */
public class CrawlScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CrawlScheduler.class);

    private final IngestProperties properties;
    private final HostAssignment assignment;
    private final SiteCrawls crawls;
    private final Map<String, CompletableFuture<CrawlReport>> queued = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService timer;
    private volatile CrawlWorkers workers;
    private final Clock clock;
    /** The pending tick and when its site is due; guarded by {@link #tickLock}. */
    private java.util.concurrent.ScheduledFuture<?> nextTick;

    private Instant nextTickAt;
    private final DueSites dues = new DueSites();
    private final Object tickLock = new Object();

    public CrawlScheduler(IngestProperties properties, Crawler crawler, MeterRegistry meters) {
        this(properties, crawler, HostAssignment.ALL, meters);
    }

    /** @param assignment which hosts this instance crawls; scheduled crawls skip sites of other instances */
    public CrawlScheduler(
            IngestProperties properties, Crawler crawler, HostAssignment assignment, MeterRegistry meters) {
        this(properties, crawler, assignment, meters, Clock.systemUTC());
    }

    /** @param clock source of the times reported by {@link #nextCrawl(String)} and used to compute delays */
    CrawlScheduler(
            IngestProperties properties,
            Crawler crawler,
            HostAssignment assignment,
            MeterRegistry meters,
            Clock clock) {
        this.clock = clock;
        this.properties = properties;
        this.assignment = assignment;
        this.crawls = new SiteCrawls(properties, crawler, meters, clock);
    }

    @Override
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(daemon("crawl-scheduler"));
        int threads = properties.maxConcurrentSites();
        workers = new CrawlWorkers(threads, 1, TimeUnit.MINUTES, daemon("crawl-worker-"));
        Instant first = clock.instant().plus(properties.initialDelay());
        dues.clear();
        List<Site> sites = properties.sites();
        for (int i = 0; i < sites.size(); i++) {
            dues.add(new DueSites.Due(first, i, sites.get(i)));
        }
        scheduleTick();
        log.info(
                "Crawling {} site(s) in {}, then every {}, up to {} at once",
                properties.sites().size(),
                properties.initialDelay(),
                properties.crawlInterval(),
                threads);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name.endsWith("-") ? name + n.incrementAndGet() : name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService currentTimer = timer;
        CrawlWorkers currentWorkers = workers;
        if (currentTimer == null) {
            return;
        }
        timer = null;
        workers = null;
        currentTimer.shutdownNow();
        currentWorkers.shutdownNow();
        try {
            if (!currentWorkers.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("crawl threads did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queued.values().forEach(f -> f.cancel(false));
        queued.clear();
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /**
     * Queues a crawl of one site on a worker; it starts when a worker is free and no crawl of the site runs. A site
     * already queued and not yet started is not queued twice: the same future is returned.
     *
     * @throws IllegalArgumentException when no site has this id
     * @throws IllegalStateException when the scheduler is not running
     */
    public CompletableFuture<CrawlReport> crawlNow(String siteId) {
        Site site =
                properties.site(siteId).orElseThrow(() -> new IllegalArgumentException("no site with id " + siteId));
        CrawlWorkers current = workers;
        if (current == null) {
            throw new IllegalStateException("crawl scheduler is not running");
        }
        return queued.computeIfAbsent(siteId, id -> {
            CompletableFuture<CrawlReport> future = new CompletableFuture<>();
            current.execute(() -> {
                if (!future.isDone()) {
                    try {
                        // Queued until it starts: a crawl of the site that runs now is waited for first.
                        CrawlReport report = crawls.crawl(site, () -> queued.remove(id, future));
                        Instant started = report.startedAt();
                        restartSchedule(site, started);
                        future.complete(report);
                    } catch (InterruptedException e) {
                        future.cancel(false);
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        future.completeExceptionally(e);
                    }
                }
            });
            return future;
        });
    }

    /** The report of the last finished crawl of each site. */
    public Map<String, CrawlReport> lastReports() {
        return crawls.lastReports();
    }

    /** The sites being crawled right now. */
    public List<String> running() {
        return crawls.running();
    }

    /** Progress of the crawls running now, by site. */
    public Map<String, CrawlReport.Progress> progress() {
        return crawls.progress();
    }

    /** When the next scheduled crawl of any site starts (later if a crawl of it is still running then); null if none. */
    public Instant nextScheduledCrawl() {
        return dues.earliest();
    }

    /** When the next scheduled crawl of this site starts (later if a crawl of it is still running then). */
    public Optional<Instant> nextCrawl(String siteId) {
        return dues.next(siteId);
    }

    /** A manual crawl counts as the scheduled one: the site's next crawl is one interval after it started. */
    private void restartSchedule(Site site, Instant started) {
        dues.reschedule(site, started.plus(site.crawlInterval(properties.crawlInterval())));
        scheduleTick();
    }

    /** Schedules {@link #tick} for when the earliest site is due, unless a tick is already set for then or earlier. */
    private void scheduleTick() {
        ScheduledExecutorService current = timer;
        if (current == null) {
            return;
        }
        Optional<Instant> due = dues.head();
        if (due.isEmpty()) {
            return;
        }
        Instant head = due.get();
        synchronized (tickLock) {
            if (nextTick != null && !nextTick.isDone() && !nextTickAt.isAfter(head)) {
                return;
            }
            if (nextTick != null) {
                nextTick.cancel(false);
            }
            long delay = Math.max(0, Duration.between(clock.instant(), head).toMillis() + 1);
            try {
                nextTick = current.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
                nextTickAt = head;
            } catch (RejectedExecutionException e) {
                // stopped meanwhile
            }
        }
    }

    /**
     * Hands every due site to the workers. A site is out of the queue while its crawl waits or runs; the crawl
     * puts it back, one interval after it was due (or now, when it overran), so it never runs beside itself.
     */
    private void tick() {
        synchronized (tickLock) {
            nextTick = null;
        }
        List<DueSites.Due> ready = dues.takeDue(clock.instant());
        CrawlWorkers current = workers;
        for (DueSites.Due due : ready) {
            if (current == null) {
                return;
            }
            try {
                current.execute(() -> runScheduled(due));
            } catch (RejectedExecutionException e) {
                return; // stopped meanwhile
            }
        }
        // The next due site (a tick may also come a little early: then this one waits for it).
        scheduleTick();
    }

    private void runScheduled(DueSites.Due due) {
        Site site = due.site();
        Instant next = due.at().plus(site.crawlInterval(properties.crawlInterval()));
        try {
            String host = site.listUris().get(0).getHost();
            if (host != null && !assignment.owns(host)) {
                log.debug("site {}: host {} belongs to another instance", site.id(), host);
            } else {
                crawls.crawl(site, () -> {});
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            // Never let an exception escape: the site would never be scheduled again.
            log.error("site {}: crawl failed", site.id(), e);
        }
        Instant now = clock.instant();
        dues.add(new DueSites.Due(next.isBefore(now) ? now : next, due.order(), site));
        scheduleTick();
    }
}
