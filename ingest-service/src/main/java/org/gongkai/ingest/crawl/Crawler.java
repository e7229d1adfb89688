package org.gongkai.ingest.crawl;

import org.gongkai.ingest.site.Site;

/** Crawls one site once. */
@FunctionalInterface
public interface Crawler {

    /**
     * Crawls {@code site}: list pages, their notice links, publishing what changed. Failures of single pages
     * are counted in the report, not thrown.
     *
     * @throws InterruptedException when the service shuts down during the crawl
     */
    CrawlReport crawl(Site site) throws InterruptedException;

    /** As {@link #crawl(Site)}, counting into {@code report} as it goes, so its progress can be read meanwhile. */
    default CrawlReport crawl(Site site, CrawlReportBuilder report) throws InterruptedException {
        return crawl(site);
    }

    /** Fetches of the site's crawl waiting for their host's turn (politeness) right now, at any host it asked. */
    default int waitingForPoliteness(Site site) {
        return 0;
    }
}
