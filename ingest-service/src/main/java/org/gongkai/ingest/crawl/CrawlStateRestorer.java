package org.gongkai.ingest.crawl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts restoring the crawl state ({@link CrawlState#load()}) in a thread of its own as soon as the application
 * starts, so that the restore overlaps the initial delay and readiness ({@link CrawlStateHealthIndicator}) turns
 * UP when it is done rather than after the first crawl began. The first crawl's own {@code load()} waits for this
 * one, or tries again when it failed (logged here). Stopping interrupts a restore in progress.
 */
public final class CrawlStateRestorer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CrawlStateRestorer.class);

    private final CrawlState state;
    private volatile Thread thread;
    private volatile boolean stopping;

    public CrawlStateRestorer(CrawlState state) {
        this.state = state;
    }

    @Override
    public void start() {
        stopping = false;
        Thread restore = new Thread(this::restore, "crawl-state-restore");
        restore.setDaemon(true);
        thread = restore;
        restore.start();
    }

    private void restore() {
        try {
            state.load();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping) {
                log.error("crawl state not restored (the first crawl tries again): {}", e.toString());
            }
        }
    }

    @Override
    public void stop() {
        stopping = true;
        Thread restore = thread;
        thread = null;
        if (restore != null) {
            restore.interrupt();
            try {
                restore.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
