package org.gongkai.ingest.url;

import org.gongkai.events.NoticeIds;

/**
 * {@link NoticeIds#canonicalUrl} and {@link NoticeIds#fromUrl}, remembering the URLs canonicalised last, so the
 * crawl's stages each ask for what they need instead of handing it on: a linked page's URL is canonicalised when
 * its list page is read (the link's key), its notice id is asked for by the walk (is it known?) and again by its
 * visit, and its final URL (the same string when it was not redirected) by the event. Canonicalising (a URL parse
 * and crawler-commons' normaliser) and hashing cost microseconds each, a few times per page without this.
 *
 * <p>The answers are exactly {@link NoticeIds}': a hit returns what was computed for an equal string; a URL that
 * cannot be canonicalised throws {@link IllegalArgumentException} every time (failures are not remembered).
 *
 * <p>Thread-safety: each thread has its own cache (a {@link ThreadLocal} direct-mapped table of {@value #SLOTS}
 * immutable entries, the slot chosen by the URL's hash; a newer URL replaces an older one in its slot), so there
 * is no lock and nothing shared. A crawl runs on one thread, which is where its pages' URLs repeat. Memory: at most
 * {@value #SLOTS} entries (URL, canonical URL, id; mostly strings the crawl holds anyway, some 100 KB at
 * most besides) per thread that used it; a crawl worker thread that ends (after a minute idle) takes its cache
 * with it. Kept in ingest-service rather than in the contract's {@link
 * NoticeIds}: only the crawler asks for one URL several times.
 */
public final class CanonicalUrls {

    /**
     * Slots per thread: more than the links of a list page, as the walk asks for the ids of a whole page's links
     * before their visits ask again (a power of two).
     */
    static final int SLOTS = 512;

    private static final ThreadLocal<Entry[]> CACHE = ThreadLocal.withInitial(() -> new Entry[SLOTS]);

    /** {@code noticeId} null until asked for. */
    private record Entry(String url, String canonical, String noticeId) {}

    private CanonicalUrls() {}

    /**
     * {@link NoticeIds#canonicalUrl(String)}.
     *
     * @throws IllegalArgumentException when the URL cannot be parsed as http(s)
     */
    public static String canonical(String url) {
        return url == null ? NoticeIds.canonicalUrl(null) : entry(url, false).canonical();
    }

    /**
     * {@link NoticeIds#fromUrl(String)}: the notice id of a URL (canonicalised first).
     *
     * @throws IllegalArgumentException when the URL cannot be parsed as http(s)
     */
    public static String noticeId(String url) {
        return url == null ? NoticeIds.fromUrl(null) : entry(url, true).noticeId();
    }

    private static Entry entry(String url, boolean withId) {
        Entry[] cache = CACHE.get();
        int h = url.hashCode();
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        Entry entry = cache[slot];
        if (entry == null || !entry.url().equals(url)) {
            String canonical = NoticeIds.canonicalUrl(url);
            // an already canonical URL (the usual case) is kept once
            entry = new Entry(url, canonical.equals(url) ? url : canonical, withId ? NoticeIds.hash(canonical) : null);
            cache[slot] = entry;
        } else if (withId && entry.noticeId() == null) {
            entry = new Entry(url, entry.canonical(), NoticeIds.hash(entry.canonical()));
            cache[slot] = entry;
        }
        return entry;
    }
}
