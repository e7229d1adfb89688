package org.gongkai.enrich.classify;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.RawNotice;

/** Enriched events as the enricher would publish them, for the export tests. */
final class CrawlNotices {

    private static final SubjectClassifier CLASSIFIER = SubjectClassifier.standard();

    private CrawlNotices() {}

    static EnrichedNotice enriched(
            String id, long version, String title, String body, String declared, String... attachmentTexts) {
        List<RawNotice.Attachment> attachments = Arrays.stream(attachmentTexts)
                .map(text -> new RawNotice.Attachment(
                        "https://example.gov.cn/" + id + ".pdf", id + ".pdf", "application/pdf", text, false, null))
                .toList();
        EnrichedNotice.Metadata metadata = new EnrichedNotice.Metadata(
                null, declared, "某市人民政府办公室", null, null, null, null, null, null, null, null, null);
        return new EnrichedNotice(
                EnrichedNotice.SCHEMA_VERSION,
                id,
                "https://example.gov.cn/" + id + ".html",
                "example",
                Instant.parse("2026-01-02T03:04:05Z"),
                version,
                title,
                body,
                metadata,
                null,
                attachments,
                null,
                "test",
                Instant.parse("2026-01-02T03:04:06Z"));
    }

    /** The event with the subject the shipped classifier gives it (declared mapped, and predicted). */
    static EnrichedNotice withSubject(EnrichedNotice n) {
        EnrichedNotice.Subject subject = CLASSIFIER
                .classify(
                        n.title(),
                        n.body(),
                        null,
                        n.metadata().publisher(),
                        n.metadata().subjectCategory())
                .toEvent();
        return new EnrichedNotice(
                n.schemaVersion(),
                n.noticeId(),
                n.url(),
                n.siteId(),
                n.fetchedAt(),
                n.version(),
                n.title(),
                n.body(),
                n.metadata(),
                n.labels(),
                n.attachments(),
                n.flags(),
                n.enricherVersion(),
                n.enrichedAt(),
                n.details(),
                subject);
    }
}
