package org.gongkai.index.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.index.TestNotices;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.junit.jupiter.api.Test;

class NoticeDocumentsTest {

    private static final Instant INDEXED_AT = Instant.parse("2026-01-05T03:00:00Z");
    private final ObjectMapper json = ElasticsearchClients.jsonpMapper().objectMapper();

    @Test
    void flattensTheNoticeIntoTheDocument() {
        EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 1_767_578_400_000_000L);

        NoticeDocument doc = NoticeDocuments.of(notice, INDEXED_AT);

        assertThat(doc.noticeId()).isEqualTo(notice.noticeId());
        assertThat(doc.url()).isEqualTo(notice.url());
        assertThat(doc.siteId()).isEqualTo("donghu");
        assertThat(doc.title()).isEqualTo(TestNotices.TITLE);
        assertThat(doc.body()).isEqualTo(TestNotices.BODY);
        assertThat(doc.indexNumber()).isEqualTo("ncsdhqtyjrswj--2023-0013");
        assertThat(doc.subjectCategory()).isEqualTo("综合政务");
        assertThat(doc.publisher()).isEqualTo("南昌市东湖区退役军人事务局");
        assertThat(doc.publishers()).containsExactly("南昌市东湖区退役军人事务局");
        assertThat(doc.writtenAt()).isEqualTo(OffsetDateTime.parse("2023-08-03T11:20:00+08:00"));
        assertThat(doc.publishedAt()).isNull();
        assertThat(doc.validity()).isEqualTo("valid");
        assertThat(doc.disclosureMode()).isEqualTo("主动公开");
        assertThat(doc.disclosureScope()).isEqualTo("面向全社会");
        assertThat(doc.labels()).containsEntry("索引号", "ncsdhqtyjrswj--2023-0013");
        assertThat(doc.attachments())
                .singleElement()
                .satisfies(a -> assertThat(a.text()).contains("工作要点"));
        assertThat(doc.flags()).containsExactly("no-publish-date");
        assertThat(doc.enricherVersion()).isEqualTo("enrich-test-1");
        assertThat(doc.fetchedAt()).isEqualTo(notice.fetchedAt());
        assertThat(doc.enrichedAt()).isEqualTo(notice.enrichedAt());
        assertThat(doc.indexedAt()).isEqualTo(INDEXED_AT);
        assertThat(doc.version()).isEqualTo(1_767_578_400_000_000L);
    }

    @Test
    void aJointNoticeListsEachIssuerAndANoticeWithoutPublisherHasNone() {
        assertThat(NoticeDocuments.publishers("财政部、税务总局")).containsExactly("财政部", "税务总局");
        assertThat(NoticeDocuments.publishers(null)).isNull();
    }

    @Test
    void yearComesFromPublishedAtElseWrittenAtInTheirOwnOffset() {
        OffsetDateTime newYearsEveWritten = OffsetDateTime.parse("2022-12-31T20:00:00+08:00");
        OffsetDateTime published = OffsetDateTime.parse("2023-01-01T00:30:00+08:00"); // still 2022 in UTC
        assertThat(NoticeDocuments.year(metadata(newYearsEveWritten, published)))
                .isEqualTo(2023);
        assertThat(NoticeDocuments.year(metadata(newYearsEveWritten, null))).isEqualTo(2022);
        assertThat(NoticeDocuments.year(metadata(null, null))).isNull();
    }

    @Test
    void serialisesDatesAsIsoTextWithOffsetAndLeavesOutNulls() throws Exception {
        EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 7);

        JsonNode doc = json.readTree(json.writeValueAsBytes(NoticeDocuments.of(notice, INDEXED_AT)));

        assertThat(doc.path("writtenAt").asText()).isEqualTo("2023-08-03T11:20:00+08:00");
        assertThat(doc.path("indexedAt").asText()).isEqualTo("2026-01-05T03:00:00Z");
        assertThat(doc.path("year").asInt()).isEqualTo(2023);
        assertThat(doc.path("version").asLong()).isEqualTo(7);
        assertThat(doc.has("publishedAt")).isFalse();
        assertThat(doc.has("documentNumber")).isFalse();
        assertThat(doc.path("labels").path("主题分类").asText()).isEqualTo("综合政务");
        assertThat(doc.path("attachments").get(0).path("truncated").asBoolean()).isFalse();
    }

    @Test
    void theIdentityIsTheEnrichersElseTheNoticesOwnIdSoNoDocumentLacksIt() {
        EnrichedNotice plain = TestNotices.notice(TestNotices.newUrl(), 1);
        assertThat(plain.details()).isNull();
        assertThat(NoticeDocuments.of(plain, INDEXED_AT).identity()).isEqualTo(plain.noticeId());

        EnrichedNotice mirror = withIdentity(plain, new EnrichedNotice.Identity("5f0c2a9d1b7e3c44", "index_number"));
        assertThat(NoticeDocuments.of(mirror, INDEXED_AT).identity()).isEqualTo("5f0c2a9d1b7e3c44");

        EnrichedNotice blank = withIdentity(plain, new EnrichedNotice.Identity(" ", "notice"));
        assertThat(NoticeDocuments.of(blank, INDEXED_AT).identity()).isEqualTo(plain.noticeId());
        assertThat(NoticeDocuments.of(withIdentity(plain, null), INDEXED_AT).identity())
                .isEqualTo(plain.noticeId());
    }

    private static EnrichedNotice withIdentity(EnrichedNotice n, EnrichedNotice.Identity identity) {
        EnrichedNotice.Details details = new EnrichedNotice.Details(
                "simplified",
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                identity);
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
                details,
                n.subject());
    }

    @Test
    void theSubjectModelVersionIsTheEventsOnDeclaredAndPredictedNoticesAndAbsentWithoutASubject() throws Exception {
        EnrichedNotice plain = TestNotices.notice(TestNotices.newUrl(), 1);
        assertThat(plain.subject()).isNull();
        NoticeDocument none = NoticeDocuments.of(plain, INDEXED_AT);
        assertThat(none.subjectModelVersion()).isNull();
        assertThat(json.readTree(json.writeValueAsBytes(none)).has("subjectModelVersion"))
                .as("left out, not written as null")
                .isFalse();

        NoticeDocument predicted = NoticeDocuments.of(
                withSubject(plain, subject("综合政务", "predicted", "subject-crawl-20261207045735-216")), INDEXED_AT);
        assertThat(predicted.subjectFirst()).isEqualTo("综合政务");
        assertThat(predicted.subjectSource()).isEqualTo("predicted");
        assertThat(predicted.subjectModelVersion()).isEqualTo("subject-crawl-20261207045735-216");

        // the model ran on a declared notice too (its prediction and disagreement): the event carries the version
        NoticeDocument declared =
                NoticeDocuments.of(withSubject(plain, subject("综合政务", "declared", "subject-7-local")), INDEXED_AT);
        assertThat(declared.subjectSource()).isEqualTo("declared");
        assertThat(declared.subjectModelVersion()).isEqualTo("subject-7-local");

        // unclassified: the model abstained, no facet value, but its version
        NoticeDocument unclassified =
                NoticeDocuments.of(withSubject(plain, subject(null, null, "subject-7-local")), INDEXED_AT);
        assertThat(unclassified.subjectFirst()).isNull();
        assertThat(unclassified.subjectModelVersion()).isEqualTo("subject-7-local");

        assertThat(NoticeDocuments.of(withSubject(plain, subject("综合政务", "declared", " ")), INDEXED_AT)
                        .subjectModelVersion())
                .as("a blank version is no value")
                .isNull();
    }

    private static EnrichedNotice.Subject subject(String first, String source, String modelVersion) {
        return new EnrichedNotice.Subject(
                first,
                null,
                source,
                null,
                new EnrichedNotice.Subject.Predicted(first, null, 0.9, 0, first),
                false,
                List.of(),
                modelVersion);
    }

    private static EnrichedNotice withSubject(EnrichedNotice n, EnrichedNotice.Subject subject) {
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

    @Test
    void refusesANoticeWithoutId() {
        EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 1);
        EnrichedNotice noId = new EnrichedNotice(
                1,
                " ",
                notice.url(),
                notice.siteId(),
                notice.fetchedAt(),
                1,
                notice.title(),
                notice.body(),
                null,
                null,
                null,
                null,
                "x",
                notice.enrichedAt());

        assertThatThrownBy(() -> NoticeDocuments.of(noId, INDEXED_AT)).isInstanceOf(IllegalArgumentException.class);
    }

    private static EnrichedNotice.Metadata metadata(OffsetDateTime writtenAt, OffsetDateTime publishedAt) {
        return new EnrichedNotice.Metadata(
                null, null, null, writtenAt, publishedAt, null, null, null, null, null, null, null);
    }
}
