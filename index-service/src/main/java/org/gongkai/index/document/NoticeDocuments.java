package org.gongkai.index.document;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.RawNotice;

/** Builds the stored document of an {@link EnrichedNotice}. Stateless and thread-safe. */
public final class NoticeDocuments {

    private NoticeDocuments() {}

    /**
     * The document for {@code notice}, indexed at {@code indexedAt}.
     *
     * @throws IllegalArgumentException when the notice has no id
     */
    public static NoticeDocument of(EnrichedNotice notice, Instant indexedAt) {
        if (notice.noticeId() == null || notice.noticeId().isBlank()) {
            throw new IllegalArgumentException("notice without noticeId");
        }
        EnrichedNotice.Metadata m = notice.metadata();
        return new NoticeDocument(
                notice.noticeId(),
                notice.url(),
                notice.siteId(),
                notice.title(),
                notice.body(),
                m.indexNumber(),
                m.subjectCategory(),
                m.publisher(),
                publishers(m.publisher()),
                m.writtenAt(),
                m.publishedAt(),
                m.documentNumber(),
                m.documentNumberKey(),
                m.validity(),
                m.disclosureMode(),
                m.disclosureScope(),
                m.keywords(),
                m.genre(),
                notice.subject() == null ? null : notice.subject().first(),
                notice.subject() == null ? null : notice.subject().second(),
                notice.subject() == null ? null : notice.subject().source(),
                modelVersion(notice.subject()),
                identity(notice),
                year(m),
                notice.labels(),
                notice.attachments().stream().map(NoticeDocuments::attachment).toList(),
                notice.flags(),
                notice.enricherVersion(),
                notice.fetchedAt(),
                notice.enrichedAt(),
                indexedAt,
                notice.version());
    }

    /**
     * The notice's identity across sites (mirror copies share it), or its own id when the enricher gave none (an
     * event without details): search collapses on this field, and Elasticsearch puts every document without a value
     * into one group, so it is never left out.
     */
    static String identity(EnrichedNotice notice) {
        EnrichedNotice.Details details = notice.details();
        if (details == null
                || details.identity() == null
                || details.identity().key() == null
                || details.identity().key().isBlank()) {
            return notice.noticeId();
        }
        return details.identity().key();
    }

    /**
     * The version of the model that classified the notice, or null (left out of the document) when the event has no
     * subject (an older enricher) or no version: a blank keyword would be a value no filter means.
     */
    static String modelVersion(EnrichedNotice.Subject subject) {
        if (subject == null
                || subject.modelVersion() == null
                || subject.modelVersion().isBlank()) {
            return null;
        }
        return subject.modelVersion();
    }

    /** The issuers of the normalised publisher, or null (left out of the document) when there are none. */
    static List<String> publishers(String publisher) {
        List<String> issuers = EnrichedNotice.Publisher.issuers(publisher);
        return issuers.isEmpty() ? null : issuers;
    }

    /** Year of publication, falling back to the year written; in the dates' own offset (+08:00). */
    static Integer year(EnrichedNotice.Metadata metadata) {
        OffsetDateTime date = metadata.publishedAt() != null ? metadata.publishedAt() : metadata.writtenAt();
        return date == null ? null : date.getYear();
    }

    private static NoticeDocument.Attachment attachment(RawNotice.Attachment a) {
        return new NoticeDocument.Attachment(a.url(), a.name(), a.contentType(), a.text(), a.truncated(), a.error());
    }
}
