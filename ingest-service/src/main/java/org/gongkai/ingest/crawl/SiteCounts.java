package org.gongkai.ingest.crawl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Number of URLs known, in all and per site and {@link UrlState.Kind}, kept beside a store whose own count would
 * need a scan. The caller changes them after its write succeeded, under the lock of the URL it wrote. Thread-safe;
 * a reader may see a URL that changed kind counted under neither or both kinds for a moment.
 */
final class SiteCounts {

    private static final int KINDS = UrlState.Kind.values().length;

    private final ConcurrentHashMap<String, AtomicLongArray> perSite = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    /** A URL of {@code kind} became known on {@code site}. */
    void added(String site, UrlState.Kind kind) {
        size.incrementAndGet();
        count(site).incrementAndGet(kind.ordinal());
    }

    /** A known URL of {@code site} was forgotten. */
    void removed(String site, UrlState.Kind kind) {
        size.decrementAndGet();
        count(site).decrementAndGet(kind.ordinal());
    }

    /** A known URL moved to another site or changed its kind (or both). */
    void changed(String fromSite, UrlState.Kind fromKind, String toSite, UrlState.Kind toKind) {
        count(fromSite).decrementAndGet(fromKind.ordinal());
        count(toSite).incrementAndGet(toKind.ordinal());
    }

    int size() {
        return size.get();
    }

    int ofSite(String site) {
        return (int) known(site).total();
    }

    KnownUrls known(String site) {
        AtomicLongArray n = perSite.get(site);
        if (n == null) {
            return KnownUrls.NONE;
        }
        return new KnownUrls(
                n.get(UrlState.Kind.NOTICE.ordinal()),
                n.get(UrlState.Kind.FAULTED_ONLY.ordinal()),
                n.get(UrlState.Kind.LINK_ONLY.ordinal()));
    }

    private AtomicLongArray count(String site) {
        return perSite.computeIfAbsent(site, s -> new AtomicLongArray(KINDS));
    }
}
