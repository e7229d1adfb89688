package org.gongkai.index.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A notice as stored in Elasticsearch: the fields of an {@code EnrichedNotice} flattened into the mapping of
 * {@code elasticsearch/notices-template.json}, plus {@code indexedAt} and {@code year}. Serialised with Jackson 2
 * (the client's mapper); {@code null} fields are left out.
 *
 * @param publishers the issuers of {@code publisher} one by one (two or more for a joint notice), null when there
 *                   is no publisher
 * @param subjectModelVersion the version of the subject model that ran on the notice ({@code subject.modelVersion}
 *                   of the event: on every classified notice, declared or predicted; the model chose
 *                   {@code subjectFirst}/{@code subjectSecond} only when {@code subjectSource} is {@code predicted},
 *                   or left them empty when there is no source), null when the event has no subject
 * @param year    year of {@code publishedAt}, else of {@code writtenAt} (in their +08:00 offset), else null
 * @param version the event's ordering version, also the document's external version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NoticeDocument(
        String noticeId,
        String url,
        String siteId,
        String title,
        String body,
        String indexNumber,
        String subjectCategory,
        String publisher,
        List<String> publishers,
        OffsetDateTime writtenAt,
        OffsetDateTime publishedAt,
        String documentNumber,
        String documentNumberKey,
        String validity,
        String disclosureMode,
        String disclosureScope,
        String keywords,
        String genre,
        String subjectFirst,
        String subjectSecond,
        String subjectSource,
        String subjectModelVersion,
        String identity,
        Integer year,
        Map<String, String> labels,
        List<Attachment> attachments,
        List<String> flags,
        String enricherVersion,
        Instant fetchedAt,
        Instant enrichedAt,
        Instant indexedAt,
        long version) {

    /** An attachment with its extracted text (only {@code text} is analysed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attachment(
            String url, String name, String contentType, String text, boolean truncated, String error) {}
}
