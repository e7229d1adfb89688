package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs crawls on a single thread: all sites after {@code initial-delay}, then every {@code crawl-interval}, plus
 * crawls of single sites requested through {@link #crawlNow(String)}. One thread means a crawl never overlaps
 * another one (a late run delays the next, it never runs beside it) and a site never gets two crawlers.
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
    private volatile Instant nextScheduledCrawl;

    public CrawlScheduler(IngestProperties properties, Crawler crawler, MeterRegistry meters) {
        this(properties, crawler, HostAssignment.ALL, meters);
    }

    /** @param assignment which hosts this instance crawls; scheduled crawls skip sites of other instances */
    public CrawlScheduler(
            IngestProperties properties, Crawler crawler, HostAssignment assignment, MeterRegistry meters) {
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
        long initial = properties.initialDelay().toMillis();
        long interval = properties.crawlInterval().toMillis();
        nextScheduledCrawl = Instant.now().plusMillis(initial);
        executor.scheduleAtFixedRate(this::scheduledCrawl, initial, interval, TimeUnit.MILLISECONDS);
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
                        future.complete(crawlSite(site));
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

    /** When the next scheduled crawl of all sites starts (later if a crawl is still running then). */
    public Instant nextScheduledCrawl() {
        return nextScheduledCrawl;
    }

    private void scheduledCrawl() {
        nextScheduledCrawl = Instant.now().plus(properties.crawlInterval());
        List<CrawlReport> reports = new ArrayList<>();
        for (Site site : properties.sites()) {
            String host = site.listUris().get(0).getHost();
            if (host != null && !assignment.owns(host)) {
                log.debug("site {}: host {} belongs to another instance", site.id(), host);
                continue;
            }
            try {
                reports.add(crawlSite(site));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Never let an exception escape: the executor would cancel all later runs.
                log.error("site {}: crawl failed", site.id(), e);
            }
        }
        log.debug("crawl of all sites done: {}", reports);
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
