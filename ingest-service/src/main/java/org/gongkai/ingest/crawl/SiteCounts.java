package org.gongkai.ingest.crawl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Number of notices known, in all and per site, kept beside a store whose own count would need a scan. The
 * caller changes them after its write succeeded, under the lock of the notice it wrote. Thread-safe.
 */
final class SiteCounts {

    private final ConcurrentHashMap<String, AtomicInteger> perSite = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    /** A notice became known on {@code site}. */
    void added(String site) {
        size.incrementAndGet();
        count(site).incrementAndGet();
    }

    /** A known notice of {@code site} was forgotten. */
    void removed(String site) {
        size.decrementAndGet();
        count(site).decrementAndGet();
    }

    /** A known notice moved from one site to another. */
    void moved(String from, String to) {
        count(from).decrementAndGet();
        count(to).incrementAndGet();
    }

    int size() {
        return size.get();
    }

    int ofSite(String site) {
        AtomicInteger n = perSite.get(site);
        return n == null ? 0 : n.get();
    }

    private AtomicInteger count(String site) {
        return perSite.computeIfAbsent(site, s -> new AtomicInteger());
    }
}
