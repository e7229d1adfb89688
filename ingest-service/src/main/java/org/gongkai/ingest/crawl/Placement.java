package org.gongkai.ingest.crawl;

import java.util.Arrays;

/**
 * The value of {@link RocksDbCrawlState}'s {@code site-of} column family: the site id (UTF-8), NUL, and the
 * ordinal of the URL's {@link UrlState.Kind}, so that a write knows what the URL was before and the counts by kind
 * ({@link SiteCounts}) need neither a scan nor a read of the state. Site ids hold no NUL (the {@code by-site} keys
 * rely on that too). The store's files do not outlive the process, so the layout needs no migration.
 */
final class Placement {

    private Placement() {}

    static byte[] of(byte[] site, UrlState.Kind kind) {
        byte[] value = Arrays.copyOf(site, site.length + 2);
        value[site.length + 1] = (byte) kind.ordinal();
        return value;
    }

    static byte[] site(byte[] placement) {
        return Arrays.copyOf(placement, placement.length - 2);
    }

    static UrlState.Kind kind(byte[] placement) {
        return UrlState.Kind.values()[placement[placement.length - 1]];
    }

    /** Whether both are of the same site (kinds aside). */
    static boolean sameSite(byte[] placement, byte[] site) {
        return placement != null
                && placement.length == site.length + 2
                && Arrays.equals(placement, 0, site.length, site, 0, site.length);
    }
}
