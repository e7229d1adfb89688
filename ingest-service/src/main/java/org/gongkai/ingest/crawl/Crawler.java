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
}
