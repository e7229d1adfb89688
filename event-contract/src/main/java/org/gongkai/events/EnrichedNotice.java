package org.gongkai.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A structured notice, published to {@link Topics#ENRICHED} keyed by {@link #noticeId()}.
 *
 * @param schemaVersion   contract version of this event, {@link #SCHEMA_VERSION}
 * @param noticeId        stable id of the notice (same key as the raw notice)
 * @param url             canonical URL
 * @param siteId          configured site
 * @param fetchedAt       fetch time of the raw notice this was built from
 * @param version         per-notice ordering version, copied from the raw notice
 * @param title           notice title
 * @param body            main text, paragraphs separated by newlines
 * @param metadata        the metadata block, parsed
 * @param labels          every label/value pair found, label normalised (padding removed), value as found
 * @param attachments     attachment texts carried from the raw notice
 * @param flags           quality flags: what was missing or could not be parsed (a flag is not a failure)
 * @param enricherVersion version of the enricher that produced this event
 * @param enrichedAt      when it was produced
 */
public record EnrichedNotice(
        int schemaVersion,
        String noticeId,
        String url,
        String siteId,
        Instant fetchedAt,
        long version,
        String title,
        String body,
        Metadata metadata,
        Map<String, String> labels,
        List<RawNotice.Attachment> attachments,
        List<String> flags,
        String enricherVersion,
        Instant enrichedAt) {

    public static final int SCHEMA_VERSION = 1;

    public EnrichedNotice {
        metadata = metadata == null ? Metadata.EMPTY : metadata;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /**
     * Canonical metadata fields. Every field is {@code null} when the page did not carry it.
     *
     * @param indexNumber      索引号
     * @param subjectCategory  主题分类, as written
     * @param publisher        发布机构
     * @param writtenAt        成文/生成日期 with the +08:00 offset
     * @param publishedAt      发布/公开日期 with the +08:00 offset
     * @param documentNumber   文号, as written
     * @param documentNumberKey 文号 with bracket forms and widths folded, for exact lookup
     * @param validity         {@code valid}, {@code expired}, {@code repealed} or {@code unknown}
     * @param disclosureMode   公开方式, as written
     * @param disclosureScope  公开范围, as written
     * @param keywords         主题词
     * @param genre            体裁
     */
    public record Metadata(
            String indexNumber,
            String subjectCategory,
            String publisher,
            OffsetDateTime writtenAt,
            OffsetDateTime publishedAt,
            String documentNumber,
            String documentNumberKey,
            String validity,
            String disclosureMode,
            String disclosureScope,
            String keywords,
            String genre) {

        public static final Metadata EMPTY =
                new Metadata(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
