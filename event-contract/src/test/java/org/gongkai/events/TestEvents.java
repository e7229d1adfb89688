package org.gongkai.events;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Builders of the events tests produce, shared through event-contract's test jar (deploy/local's end-to-end and
 * fault-run tests use it; test-support cannot, since event-contract's own tests depend on test-support). Each fills
 * the fields a test does not care about the way the real producer would, so a test names only what it is about.
 */
public final class TestEvents {

    private TestEvents() {}

    /**
     * A fetched page as ingest-service publishes it: its id from the URL, its canonical URL, HTTP 200, the text
     * decoded from {@code bytes} in {@code charset}, the digest of the bytes, its version the fetch time in
     * microseconds.
     *
     * @param fetchMode     {@code crawl} or {@code import}
     * @param contentType   the {@code content-type} header as the server sent it
     * @param charsetSource where the charset was read: {@code header}, {@code meta}, …
     */
    public static RawNotice raw(
            String url,
            String siteId,
            String fetchMode,
            Instant fetchedAt,
            String contentType,
            Charset charset,
            String charsetSource,
            byte[] bytes,
            List<RawNotice.Attachment> attachments) {
        return new RawNotice(
                RawNotice.SCHEMA_VERSION,
                NoticeIds.fromUrl(url),
                NoticeIds.canonicalUrl(url),
                url,
                siteId,
                fetchMode,
                fetchedAt,
                fetchedAt.toEpochMilli() * 1000,
                200,
                Map.of("content-type", contentType),
                "text/html",
                charset.name(),
                charsetSource,
                new String(bytes, charset),
                bytes,
                false,
                NoticeIds.sha256Hex(bytes),
                attachments);
    }

    /** A UTF-8 HTML page imported now ({@code import}, charset from its meta, no attachments). */
    public static RawNotice importedHtml(String url, String siteId, String html) {
        return raw(
                url,
                siteId,
                "import",
                Instant.now(),
                "text/html",
                StandardCharsets.UTF_8,
                "meta",
                html.getBytes(StandardCharsets.UTF_8),
                List.of());
    }

    /** Metadata of a valid notice published proactively to the whole public (有效, 主动公开, 面向全社会). */
    public static EnrichedNotice.Metadata proactivePublic(
            String indexNumber, String subjectCategory, String publisher, OffsetDateTime writtenAt, String genre) {
        return new EnrichedNotice.Metadata(
                indexNumber,
                subjectCategory,
                publisher,
                writtenAt,
                null,
                null,
                null,
                "valid",
                "主动公开",
                "面向全社会",
                null,
                genre);
    }

    /** {@code notice} with the given details and subject ({@code null} for none). */
    public static EnrichedNotice with(
            EnrichedNotice notice, EnrichedNotice.Details details, EnrichedNotice.Subject subject) {
        return new EnrichedNotice(
                notice.schemaVersion(),
                notice.noticeId(),
                notice.url(),
                notice.siteId(),
                notice.fetchedAt(),
                notice.version(),
                notice.title(),
                notice.body(),
                notice.metadata(),
                notice.labels(),
                notice.attachments(),
                notice.flags(),
                notice.enricherVersion(),
                notice.enrichedAt(),
                details,
                subject);
    }
}
