package org.gongkai.ingest.crawl;

import java.time.Instant;
import java.util.Map;
import org.gongkai.ingest.fetch.Validators;

/**
 * How the last crawl of a site ended, kept in the crawl state (key {@code site:<id>}). A crawl writes
 * {@code complete = false} (and waits for it to be stored) before its first list page and {@code complete = true}
 * only when it went through every list page it meant to read and every page it found: not interrupted or killed,
 * no host deferred, not cut by {@code max-pages}, broker reachable throughout. Stopping to page at a list page of
 * known notices is right only after a complete crawl; after an incomplete one, paging goes on to
 * {@code max-list-pages} (or the list's end), so the notices listed after where it stopped are found.
 *
 * <p>The mark also carries the validators of the site's list pages and feeds ({@link ListRevalidation}): sent by
 * the next crawl, so that an unchanged list page answers 304 and its list is not walked. Records written before
 * they were kept have neither field and decode with no validators (the next crawl is a full walk); a version that
 * predates them skips or ignores the fields, and either way walks the lists in full.
 *
 * @param siteId     the site
 * @param startedAt  when that crawl started
 * @param complete   whether it went to its end
 * @param lists      validators of the list pages and feeds by canonical URL, as last answered in crawls that went
 *                   to their end with every linked page recorded; empty when the next walk must be unconditional
 * @param fullWalkAt when the last full walk (every list page and feed fetched unconditionally) started; null when
 *                   not known (records from before)
 * @param mirror     the site's {@code mirror} setting that crawl published with (false in records from before it was
 *                   kept, as the setting's default): a crawl that finds it changed republishes the site's notices
 *                   ({@link SiteCrawler})
 */
public record CrawlMark(
        String siteId,
        Instant startedAt,
        boolean complete,
        Map<String, Validators> lists,
        Instant fullWalkAt,
        boolean mirror) {

    /** Key prefix in the state topic (notice ids are hex, so they never collide). */
    public static final String KEY_PREFIX = "site:";

    public CrawlMark {
        lists = lists == null ? Map.of() : Map.copyOf(lists);
    }

    /** A mark of a site not declared a mirror. */
    public CrawlMark(
            String siteId, Instant startedAt, boolean complete, Map<String, Validators> lists, Instant fullWalkAt) {
        this(siteId, startedAt, complete, lists, fullWalkAt, false);
    }

    /** A mark without list validators (the next walk is a full one). */
    public CrawlMark(String siteId, Instant startedAt, boolean complete) {
        this(siteId, startedAt, complete, Map.of(), null);
    }

    /** This mark with the site's {@code mirror} setting. */
    public CrawlMark withMirror(boolean declared) {
        return new CrawlMark(siteId, startedAt, complete, lists, fullWalkAt, declared);
    }

    String key() {
        return KEY_PREFIX + siteId;
    }
}
