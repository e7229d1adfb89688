package org.gongkai.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
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
 * @param details         normalised details next to their raw values (optional, added within schema version 1:
 *                        {@code null} from enrichers that predate it)
 * @param subject         subject in the national taxonomy (主题分类), declared and predicted (optional, added within
 *                        schema version 1: {@code null} from enrichers that predate it)
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
        Instant enrichedAt,
        Details details,
        Subject subject) {

    public static final int SCHEMA_VERSION = 1;

    /** The notice without a {@link Subject} (the signature before it was added). */
    public EnrichedNotice(
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
            Instant enrichedAt,
            Details details) {
        this(
                schemaVersion,
                noticeId,
                url,
                siteId,
                fetchedAt,
                version,
                title,
                body,
                metadata,
                labels,
                attachments,
                flags,
                enricherVersion,
                enrichedAt,
                details,
                null);
    }

    /** The notice without {@link Details} (the signature before they were added). */
    public EnrichedNotice(
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
        this(
                schemaVersion,
                noticeId,
                url,
                siteId,
                fetchedAt,
                version,
                title,
                body,
                metadata,
                labels,
                attachments,
                flags,
                enricherVersion,
                enrichedAt,
                null,
                null);
    }

    public EnrichedNotice {
        metadata = metadata == null ? Metadata.EMPTY : metadata;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /**
     * Canonical metadata fields. Every field is {@code null} when the page did not carry it. Text values are
     * cleaned (glosses, padding and full-width letters and digits folded) and, from enrichers that fill
     * {@link Details}, in Simplified script; {@link Details} keeps each value as written.
     *
     * @param indexNumber      索引号
     * @param subjectCategory  主题分类, as written
     * @param publisher        发布机构, normalised: joint issuers apart by {@link Publisher#JOINT}
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

    /**
     * Normalised details of a notice, each next to its value as written. Every component is {@code null} when the
     * page did not carry the field; a component's {@code raw} is the value as written (glosses and padding
     * removed, script not folded).
     *
     * @param script          script the page is written in: {@code simplified}, {@code traditional} or
     *                        {@code mixed}
     * @param mirrorArtefacts whether pinyin glosses of mirror sites were found (and removed)
     * @param originalTitle   the title before Traditional characters were folded, {@code null} when folding
     *                        changed nothing
     * @param originalBody    the body before Traditional characters were folded, {@code null} when folding
     *                        changed nothing
     * @param indexNumber     索引号
     * @param subjectCategory 主题分类
     * @param publisher       发布机构
     * @param writtenAt       成文/生成日期
     * @param publishedAt     发布/公开日期
     * @param documentNumber  文号
     * @param validity        有效性 and 废止日期
     * @param disclosureMode  公开方式: {@code proactive} (主动公开), {@code on_request} (依申请公开),
     *                        {@code not_disclosed} (不予公开), {@code unknown}
     * @param disclosureScope 公开范围: {@code public} (面向全社会/面向社会), {@code applicant} (面向申请人),
     *                        {@code restricted} (内部/特定对象), {@code unknown}
     * @param disclosurePeriod 公开时限: {@code long_term} (长期公开), {@code time_limited} (限时公开),
     *                        {@code unknown}
     * @param keywords        主题词 split into words (empty when none)
     * @param genre           体裁
     * @param identity        identity across hosts
     */
    public record Details(
            String script,
            boolean mirrorArtefacts,
            String originalTitle,
            String originalBody,
            IndexNumber indexNumber,
            SubjectCategory subjectCategory,
            Publisher publisher,
            DateValue writtenAt,
            DateValue publishedAt,
            DocumentNumber documentNumber,
            ValidityValue validity,
            Choice disclosureMode,
            Choice disclosureScope,
            Choice disclosurePeriod,
            List<String> keywords,
            Genre genre,
            Identity identity) {

        public Details {
            keywords = keywords == null ? List.of() : List.copyOf(keywords);
        }
    }

    /**
     * 索引号. Parsed parts are {@code null} when no known scheme matched (the notice is never rejected for it).
     *
     * @param raw              as written
     * @param scheme           scheme that matched: {@code national} ({@code 000014349/2017-00110}),
     *                         {@code national-credit-code} (18-character unified social credit code),
     *                         {@code local-code} ({@code 4/2026-00001}), {@code pinyin-initials}
     *                         ({@code ncsdhqtyjrswj--2023-0013}), {@code date-serial}
     *                         ({@code 20191202-189769}), {@code segmented} ({@code A0300-010000-2013-000072},
     *                         {@code GA001-类别-2023-0001}), or {@code null}
     * @param organisationCode issuing organisation's code as the scheme has it
     * @param year             year of the scheme
     * @param serial           serial number as written (leading zeros kept)
     */
    public record IndexNumber(String raw, String scheme, String organisationCode, Integer year, String serial) {}

    /**
     * 主题分类.
     *
     * @param raw    as written
     * @param first  first level ({@code 一级} of {@code 一级\二级}), Simplified
     * @param second second level, {@code null} when the value has one level
     */
    public record SubjectCategory(String raw, String first, String second) {}

    /**
     * 发布机构.
     *
     * @param raw        as written
     * @param normalised Simplified, widths folded, spaces removed, the issuers of a joint notice (联合发文) apart by
     *                   {@value #JOINT}: the form used for identity and for {@link Metadata#publisher()}
     */
    public record Publisher(String raw, String normalised) {

        /** Separates the issuers of a joint notice in a normalised name ({@code 财政部、税务总局}). */
        public static final String JOINT = "、";

        /**
         * The individual issuers of a normalised name, in order, without duplicates: one for a single issuer, none
         * for {@code null} or a blank name.
         */
        public static List<String> issuers(String normalised) {
            if (normalised == null || normalised.isBlank()) {
                return List.of();
            }
            LinkedHashSet<String> names = new LinkedHashSet<>();
            for (String name : normalised.split(JOINT)) {
                String stripped = name.strip();
                if (!stripped.isEmpty()) {
                    names.add(stripped);
                }
            }
            return List.copyOf(names);
        }
    }

    /**
     * A date field.
     *
     * @param raw   as written
     * @param value parsed, with the +08:00 offset; {@code null} when it could not be parsed
     */
    public record DateValue(String raw, java.time.OffsetDateTime value) {}

    /**
     * 文号.
     *
     * @param raw    as written (a leading label removed)
     * @param style  {@code bracket} ({@code 东府发〔2023〕12号} and its {@code []}/{@code ()} forms), {@code order}
     *               (令-style, {@code 市政府令第219号}) or {@code null} when neither form matched
     * @param agency agency short name ({@code 东府发}, {@code 市政府令})
     * @param year   year in the brackets, {@code null} for 令-style
     * @param serial serial without leading zeros
     * @param key    normalised lookup key, equal for all bracket forms: {@code 东府发〔2023〕12号},
     *               {@code 市政府令第219号}
     */
    public record DocumentNumber(String raw, String style, String agency, Integer year, Integer serial, String key) {}

    /**
     * 有效性 and 废止日期.
     *
     * @param raw        as written ({@code null} when only a repeal date was given)
     * @param status     {@code valid}, {@code expired}, {@code repealed} or {@code unknown}
     * @param repealedAt 废止/失效日期 with +08:00, {@code null} when absent or unparseable
     */
    public record ValidityValue(String raw, String status, java.time.OffsetDateTime repealedAt) {}

    /**
     * A value from a closed list.
     *
     * @param raw   as written
     * @param value the list's identifier, {@code unknown} when the value is not on the list
     */
    public record Choice(String raw, String value) {}

    /**
     * 体裁.
     *
     * @param raw    as written in the genre field, {@code null} when taken from the title
     * @param value  genre, Simplified (e.g. {@code 通知})
     * @param source {@code field} or {@code title}
     */
    public record Genre(String raw, String value, String source) {}

    /**
     * Identity of a notice across hosts: a mirror copy and its original share {@code key}.
     *
     * @param key   16 hex characters: SHA-256 of the basis values, or the notice id when no basis applies
     * @param basis {@code index_number} (index number + publisher), {@code document_number} (document-number key +
     *              publisher) or {@code notice} (neither available: the notice stands alone)
     */
    public record Identity(String key, String basis) {}

    /**
     * Subject of a notice in the national taxonomy (主题分类, 22 first-level and 121 second-level categories): the
     * page's declared category mapped to a national node, and the classifier's prediction from the text.
     *
     * @param first        facet value, first level: the declared node when it mapped, else the predicted one;
     *                     {@code null} when neither (unclassified)
     * @param second       facet value, second level, {@code null} when only the first level is known
     * @param source       where {@code first}/{@code second} come from: {@code declared}, {@code predicted}, or
     *                     {@code null} when unclassified
     * @param declared     the declared category and how it mapped, {@code null} when the page declared none
     * @param predicted    the classifier's prediction (always present)
     * @param disagreement declared and predicted first levels differ (both known; never for a {@code listed}
     *                     declaration)
     * @param topTerms     text n-grams behind the predicted first level, strongest first (explanation)
     * @param modelVersion version of the model that predicted
     */
    public record Subject(
            String first,
            String second,
            String source,
            Declared declared,
            Predicted predicted,
            boolean disagreement,
            List<Term> topTerms,
            String modelVersion) {

        public Subject {
            topTerms = topTerms == null ? List.of() : List.copyOf(topTerms);
        }

        /**
         * A declared 主题分类 mapped to the national taxonomy.
         *
         * @param raw    the value as declared (normalised: Simplified, widths folded)
         * @param match  how it mapped: {@code exact}, {@code second_level_name}, {@code synonym},
         *               {@code first_level_only} (known first level, unknown second level), {@code listed} (the
         *               value lists several categories; mapped to the first listed one that maps; a value added
         *               within schema version 1) or {@code unmapped} (kept raw, never forced onto a node)
         * @param first  national first level, {@code null} when unmapped
         * @param second national second level, {@code null} when unmapped or first level only
         */
        public record Declared(String raw, String match, String first, String second) {}

        /**
         * The classifier's subject.
         *
         * @param first       predicted first level, {@code null} when unclassified (score below the threshold)
         * @param second      predicted second level, {@code null} when not confident
         * @param firstScore  calibrated probability of the best first level (also when unclassified)
         * @param secondScore calibrated probability of first and second level together, 0 without a second level
         * @param candidate   best first level whatever its score (debugging, never a facet value); {@code null}
         *                    when the notice has no text to classify
         */
        public record Predicted(String first, String second, double firstScore, double secondScore, String candidate) {}

        /**
         * A term behind a prediction.
         *
         * @param term   character n-gram as it occurs in the notice
         * @param weight its contribution to the predicted first level's score
         */
        public record Term(String term, double weight) {}
    }
}
