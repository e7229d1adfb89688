package org.gongkai.events;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable, short notice ids derived from canonical URLs.
 *
 * <p>The id is the first 64 bits of SHA-256 over the canonical URL, as 16 lower-case hex characters: short
 * enough for Kafka keys and Elasticsearch ids, and with a collision chance around 3e-8 for a million notices.
 * Thread-safe.
 */
public final class NoticeIds {

    private static final BasicURLNormalizer NORMALIZER = new BasicURLNormalizer();

    private NoticeIds() {}

    /**
     * Canonical form of a notice URL: lower-case scheme and host, default port and fragment dropped, path
     * normalised ({@code ./}, {@code ../}, percent-encoding), query parameters sorted by name. Query
     * strings are kept: many portals select the notice by a query parameter.
     *
     * @throws IllegalArgumentException when the URL cannot be parsed as http(s)
     */
    public static String canonicalUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("empty URL");
        }
        String trimmed = url.strip();
        String lower = trimmed.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new IllegalArgumentException("not an http(s) URL: " + url);
        }
        String normalized = NORMALIZER.filter(trimmed);
        if (normalized == null) {
            throw new IllegalArgumentException("unparseable URL: " + url);
        }
        return normalized;
    }

    /** The notice id of a URL (canonicalised first). */
    public static String fromUrl(String url) {
        return hash(canonicalUrl(url));
    }

    /** First 16 hex characters of SHA-256 over the UTF-8 bytes of {@code text}. */
    public static String hash(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
    }

    /** Full SHA-256 of some bytes, as lower-case hex (used for content hashes). */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
