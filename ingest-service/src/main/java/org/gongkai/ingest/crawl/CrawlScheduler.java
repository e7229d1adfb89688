package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs crawls on a single thread: each site after {@code initial-delay}, then on its own interval (the site's
 * {@code schedule}, else {@code crawl-interval}, measured from start to start), plus crawls of single sites
 * requested through {@link #crawlNow(String)}. One thread means a crawl never overlaps another one (a late run
 * delays the next, it never runs beside it) and a site never gets two crawlers.
 *
 * <p>Started after the application context is ready, so start-up does no crawling work; stopping interrupts a
 * running crawl (its remaining pages are simply not fetched) and waits briefly for it to end.
 *
 * <p>Thread-safe; the reports of the last crawls are readable from any thread.
 */
public class CrawlScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CrawlScheduler.class);

    private final IngestProperties properties;
    private final Crawler crawler;
    private final HostAssignment assignment;
    private final MeterRegistry meters;
    private final Map<String, CrawlReport> lastReports = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<CrawlReport>> queued = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService executor;
    private volatile String running;
    private final Map<String, Instant> nextCrawls = new ConcurrentHashMap<>();
    private final Clock clock;
    /** Scheduled crawls, earliest first; guarded by itself. */
    private final PriorityQueue<Due> dues = new PriorityQueue<>(DUE_ORDER);

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
        this.crawler = crawler;
        this.assignment = assignment;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "crawl-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        Instant first = clock.instant().plus(properties.initialDelay());
        synchronized (dues) {
            dues.clear();
        }
        List<Site> sites = properties.sites();
        for (int i = 0; i < sites.size(); i++) {
            enqueue(new Due(first, i, sites.get(i)));
        }
        scheduleTick(executor);
        log.info(
                "Crawling {} site(s) in {}, then every {}",
                properties.sites().size(),
                properties.initialDelay(),
                properties.crawlInterval());
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService current = executor;
        if (current == null) {
            return;
        }
        executor = null;
        current.shutdownNow();
        try {
            if (!current.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("crawl thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queued.values().forEach(f -> f.cancel(false));
        queued.clear();
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /**
     * Queues a crawl of one site on the crawl thread, after whatever crawl is running. A site already queued
     * and not yet started is not queued twice: the same future is returned.
     *
     * @throws IllegalArgumentException when no site has this id
     * @throws IllegalStateException when the scheduler is not running
     */
    public CompletableFuture<CrawlReport> crawlNow(String siteId) {
        Site site =
                properties.site(siteId).orElseThrow(() -> new IllegalArgumentException("no site with id " + siteId));
        ScheduledExecutorService current = executor;
        if (current == null) {
            throw new IllegalStateException("crawl scheduler is not running");
        }
        return queued.computeIfAbsent(siteId, id -> {
            CompletableFuture<CrawlReport> future = new CompletableFuture<>();
            current.execute(() -> {
                queued.remove(id, future);
                if (!future.isDone()) {
                    try {
                        Instant started = clock.instant();
                        CrawlReport report = crawlSite(site);
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
        return Map.copyOf(lastReports);
    }

    /** The site being crawled right now. */
    public Optional<String> running() {
        return Optional.ofNullable(running);
    }

    /** When the next scheduled crawl of any site starts (later if a crawl is still running then); null if none. */
    public Instant nextScheduledCrawl() {
        return nextCrawls.values().stream().min(Instant::compareTo).orElse(null);
    }

    /** When the next scheduled crawl of this site starts (later if a crawl is still running then). */
    public Optional<Instant> nextCrawl(String siteId) {
        return Optional.ofNullable(nextCrawls.get(siteId));
    }

    /** A site's next scheduled crawl; ties go in configuration order. */
    private record Due(Instant at, int order, Site site) {}

    private static final Comparator<Due> DUE_ORDER =
            Comparator.comparing(Due::at).thenComparingInt(Due::order);

    private void enqueue(Due due) {
        synchronized (dues) {
            dues.add(due);
        }
        nextCrawls.put(due.site().id(), due.at());
    }

    /** A manual crawl counts as the scheduled one: the site's next crawl is one interval after it started. */
    private void restartSchedule(Site site, Instant started) {
        synchronized (dues) {
            Due old = dues.stream()
                    .filter(d -> d.site().id().equals(site.id()))
                    .findFirst()
                    .orElse(null);
            if (old == null) {
                return;
            }
            dues.remove(old);
            enqueue(new Due(started.plus(site.crawlInterval(properties.crawlInterval())), old.order(), site));
        }
    }

    /** Schedules {@link #tick} for when the earliest site is due. */
    private void scheduleTick(ScheduledExecutorService current) {
        Instant head;
        synchronized (dues) {
            Due first = dues.peek();
            if (first == null) {
                return;
            }
            head = first.at();
        }
        long delay = Math.max(0, Duration.between(clock.instant(), head).toMillis());
        try {
            current.schedule(() -> tick(current), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopped meanwhile
        }
    }

    /**
     * Crawls the earliest due site, then schedules the next tick. One site per tick, so that manual crawls queued
     * meanwhile are not starved by sites with short schedules.
     */
    private void tick(ScheduledExecutorService current) {
        Due due;
        synchronized (dues) {
            due = dues.peek();
            if (due == null || due.at().isAfter(clock.instant())) {
                due = null;
            } else {
                dues.poll();
            }
        }
        if (due != null) {
            Site site = due.site();
            // Start to start; a crawl that overran its interval is followed by one right away, not by several.
            Instant next = due.at().plus(site.crawlInterval(properties.crawlInterval()));
            try {
                String host = site.listUris().get(0).getHost();
                if (host != null && !assignment.owns(host)) {
                    log.debug("site {}: host {} belongs to another instance", site.id(), host);
                } else {
                    crawlSite(site);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Never let an exception escape: the site would never be scheduled again.
                log.error("site {}: crawl failed", site.id(), e);
            }
            Instant now = clock.instant();
            enqueue(new Due(next.isBefore(now) ? now : next, due.order(), site));
        }
        if (!current.isShutdown()) {
            scheduleTick(current);
        }
    }

    private CrawlReport crawlSite(Site site) throws InterruptedException {
        running = site.id();
        try {
            log.info("site {}: crawl started", site.id());
            CrawlReport report = crawler.crawl(site);
            lastReports.put(site.id(), report);
            Timer.builder("gongkai.ingest.crawl.duration")
                    .description("Duration of one crawl of one site")
                    .tag("site", site.id())
                    .register(meters)
                    .record(report.duration());
            log.info("{}", report);
            return report;
        } finally {
            running = null;
        }
    }
}
