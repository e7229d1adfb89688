package org.gongkai.ingest.crawl;

import java.time.Instant;

/**
 * Whether the last crawl of a site went to its end, kept in the crawl state (key {@code site:<id>}). A crawl writes
 * {@code complete = false} (and waits for it to be stored) before its first list page and {@code complete = true}
 * only when it went through every list page it meant to read and every page it found: not interrupted or killed,
 * no host deferred, not cut by {@code max-pages}, broker reachable throughout. Stopping to page at a list page of
 * known notices is right only after a complete crawl; after an incomplete one, paging goes on to
 * {@code max-list-pages} (or the list's end), so the notices listed after where it stopped are found.
 *
 * @param siteId    the site
 * @param startedAt when that crawl started
 * @param complete  whether it went to its end
 */
public record CrawlMark(String siteId, Instant startedAt, boolean complete) {

    /** Key prefix in the state topic (notice ids are hex, so they never collide). */
    public static final String KEY_PREFIX = "site:";

    String key() {
        return KEY_PREFIX + siteId;
    }
}
