package org.gongkai.ingest.crawl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key layout of the RocksDB crawl state's column family {@code by-site}: {@code <site id> NUL <notice id>},
 * UTF-8, so the states of one site are one sequential prefix scan ({@link RocksDbCrawlState}, {@link
 * RocksDbBulkLoad}). Stateless.
 */
final class StoreKeys {

    private StoreKeys() {}

    /** The {@code by-site} key of a notice of a site (the site as UTF-8 bytes). */
    static byte[] key(byte[] site, String noticeId) {
        byte[] id = bytes(noticeId);
        byte[] key = new byte[site.length + 1 + id.length];
        System.arraycopy(site, 0, key, 0, site.length);
        System.arraycopy(id, 0, key, site.length + 1, id.length);
        return key;
    }

    /** The prefix of every {@code by-site} key of a site. */
    static byte[] sitePrefix(String siteId) {
        return key(bytes(siteId), "");
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
