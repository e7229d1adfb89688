package org.gongkai.events;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A notice page as fetched, published to {@link Topics#RAW} keyed by {@link #noticeId()}.
 *
 * <p>{@code body} is the page decoded with {@code charset}; {@code rawBody}, when the producer keeps it, holds the
 * bytes as received (after content decoding, before charset decoding) so later stages could decode again; the
 * crawler leaves it out unless configured to keep it ({@code gongkai.ingest.publish.raw-bytes}), as no stage of
 * this pipeline reads it. {@code version} grows with every
 * fetch of the same notice and orders its events downstream (the index uses it as external version).
 *
 * @param schemaVersion contract version of this event, {@link #SCHEMA_VERSION}
 * @param noticeId      stable id of the notice, {@link NoticeIds#fromUrl(String)} of {@code url}
 * @param url           canonical URL of the notice
 * @param finalUrl      URL that answered after redirects (equal to {@code url} without redirects)
 * @param siteId        configured site the notice belongs to
 * @param source        how the page was obtained: {@code crawl}, {@code warc}, …
 * @param fetchedAt     when the response was received
 * @param version       per-notice ordering version: fetch time in microseconds since the epoch
 * @param httpStatus    HTTP status of the response (200 for records without one, e.g. text extracts)
 * @param headers       response headers that matter downstream (lower-case names)
 * @param contentType   media type without parameters, e.g. {@code text/html}, {@code text/plain}
 * @param charset       charset used to decode {@code body}
 * @param charsetSource where the charset came from: {@code bom}, {@code header}, {@code meta}, {@code detected},
 *                      {@code override}
 * @param body          decoded page
 * @param rawBody       bytes as received, {@code null} when the producer leaves them out (the crawler's default) or
 *                      the source had no bytes
 * @param truncated     whether the body was cut at the size cap
 * @param contentHash   SHA-256 (hex) of the raw bytes, or of the UTF-8 body when there are none
 * @param attachments   linked attachments with their extracted text
 * @param mirror        whether the page comes from a site its operator declared a mirror (it republishes notices
 *                      whose originals are elsewhere: ingest-service's {@code sites[n].mirror}); optional in the
 *                      JSON, absent means {@code false} (events written before the field existed)
 */
public record RawNotice(
        int schemaVersion,
        String noticeId,
        String url,
        String finalUrl,
        String siteId,
        String source,
        Instant fetchedAt,
        long version,
        int httpStatus,
        Map<String, String> headers,
        String contentType,
        String charset,
        String charsetSource,
        String body,
        byte[] rawBody,
        boolean truncated,
        String contentHash,
        List<Attachment> attachments,
        // absent in events written before the field existed: read as false, not as a broken event
        @JsonSetter(nulls = Nulls.AS_EMPTY) boolean mirror) {

    public static final int SCHEMA_VERSION = 1;

    public RawNotice {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A page from a site not declared a mirror ({@code mirror} false). */
    public RawNotice(
            int schemaVersion,
            String noticeId,
            String url,
            String finalUrl,
            String siteId,
            String source,
            Instant fetchedAt,
            long version,
            int httpStatus,
            Map<String, String> headers,
            String contentType,
            String charset,
            String charsetSource,
            String body,
            byte[] rawBody,
            boolean truncated,
            String contentHash,
            List<Attachment> attachments) {
        this(
                schemaVersion,
                noticeId,
                url,
                finalUrl,
                siteId,
                source,
                fetchedAt,
                version,
                httpStatus,
                headers,
                contentType,
                charset,
                charsetSource,
                body,
                rawBody,
                truncated,
                contentHash,
                attachments,
                false);
    }

    /** This notice as a page of a site declared a mirror ({@code mirror} true). */
    public RawNotice asMirror() {
        return new RawNotice(
                schemaVersion,
                noticeId,
                url,
                finalUrl,
                siteId,
                source,
                fetchedAt,
                version,
                httpStatus,
                headers,
                contentType,
                charset,
                charsetSource,
                body,
                rawBody,
                truncated,
                contentHash,
                attachments,
                true);
    }

    /**
     * An attachment linked from the notice.
     *
     * @param url         absolute URL of the attachment
     * @param name        link text or file name
     * @param contentType media type as served
     * @param text        extracted text, {@code null} when extraction failed
     * @param truncated   whether the file or its text was cut at a cap
     * @param error       why extraction failed, {@code null} on success
     */
    public record Attachment(
            String url, String name, String contentType, String text, boolean truncated, String error) {}
}
