package org.gongkai.ingest.attach;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last extraction of recently fetched attachments, by canonical URL, with the validators and body hash of the
 * response it came from: lets a changed notice that links the same attachment send a conditional GET and reuse
 * the text on 304 (or when the body is byte for byte the same). Bounded by the characters of text it holds, least
 * recently used out first; in memory only. Thread-safe.
 */
final class AttachmentCache {

    /**
     * A cached extraction.
     *
     * @param etag         {@code ETag} of the response, may be null
     * @param lastModified {@code Last-Modified} of the response, may be null
     * @param bodyHash     SHA-256 (hex) of the body
     * @param contentType  detected media type
     * @param text         extracted text (at most {@code max-text-chars})
     * @param truncated    whether the text was cut at {@code max-text-chars}
     */
    record Entry(
            String etag, String lastModified, String bodyHash, String contentType, String text, boolean truncated) {

        long chars() {
            return text.length() + 256L;
        }

        Entry withValidators(String newEtag, String newLastModified) {
            return new Entry(
                    newEtag != null ? newEtag : etag,
                    newLastModified != null ? newLastModified : lastModified,
                    bodyHash,
                    contentType,
                    text,
                    truncated);
        }
    }

    private final long maxChars;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long chars;

    AttachmentCache(long maxChars) {
        this.maxChars = maxChars;
    }

    synchronized Optional<Entry> get(String url) {
        return Optional.ofNullable(entries.get(url));
    }

    synchronized void put(String url, Entry entry) {
        if (entry.chars() > maxChars) {
            remove(url);
            return;
        }
        Entry old = entries.put(url, entry);
        chars += entry.chars() - (old == null ? 0 : old.chars());
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (chars > maxChars && eldest.hasNext()) {
            chars -= eldest.next().getValue().chars();
            eldest.remove();
        }
    }

    synchronized void remove(String url) {
        Entry old = entries.remove(url);
        if (old != null) {
            chars -= old.chars();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
