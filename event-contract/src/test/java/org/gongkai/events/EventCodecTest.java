package org.gongkai.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.gongkai.testsupport.EventSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    static RawNotice raw() {
        String url = "http://www.dhq.gov.cn/xxgk/202308/t20230803_1.html";
        byte[] bytes = "<html><body>索引号：ncsdhqtyjrswj--2023-0013</body></html>".getBytes(Charset.forName("GB18030"));
        return TestEvents.raw(
                url,
                "dhq",
                "crawl",
                Instant.parse("2026-11-28T08:00:00Z"),
                "text/html; charset=gbk",
                Charset.forName("GB18030"),
                "header",
                bytes,
                List.of(new RawNotice.Attachment(url + ".pdf", "附件", "application/pdf", "附件正文", false, null)));
    }

    static EnrichedNotice enriched() {
        RawNotice raw = raw();
        var metadata = TestEvents.proactivePublic(
                "ncsdhqtyjrswj--2023-0013",
                "综合政务",
                "南昌市东湖区退役军人事务局",
                OffsetDateTime.parse("2023-08-03T11:20+08:00"),
                "通知");
        return new EnrichedNotice(
                EnrichedNotice.SCHEMA_VERSION,
                raw.noticeId(),
                raw.url(),
                raw.siteId(),
                raw.fetchedAt(),
                raw.version(),
                "标题",
                "正文",
                metadata,
                Map.of("索引号", "ncsdhqtyjrswj--2023-0013"),
                raw.attachments(),
                List.of("no_document_number"),
                "0.1.0",
                Instant.parse("2026-11-28T08:00:01Z"));
    }

    @Test
    void rawNoticeRoundTripsAndMatchesItsSchema() {
        RawNotice raw = raw();
        byte[] json = EventCodec.instance().write(raw);
        EventSchemas.assertValid(EventSchemas.RAW_NOTICE_V1, json);
        RawNotice back = EventCodec.instance().readRaw(json);
        assertThat(back).usingRecursiveComparison().isEqualTo(raw);
        assertThat(back.rawBody()).isEqualTo(raw.rawBody());
    }

    @Test
    void enrichedNoticeRoundTripsAndMatchesItsSchema() {
        EnrichedNotice notice = enriched();
        byte[] json = EventCodec.instance().write(notice);
        EventSchemas.assertValid(EventSchemas.ENRICHED_NOTICE_V1, json);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"writtenAt\":\"2023-08-03T11:20:00+08:00\"");
        assertThat(EventCodec.instance().readEnriched(json)).isEqualTo(notice);
    }

    @Test
    void anEnrichedNoticeIsReadInPlaceFromAConsumersBufferAndAFailureThereNamesTheSchemaVersionAsFromAnArray() {
        EnrichedNotice notice = enriched();
        byte[] json = EventCodec.instance().write(notice);
        byte[] around = new byte[json.length + 20];
        System.arraycopy(json, 0, around, 10, json.length);
        java.nio.ByteBuffer value = java.nio.ByteBuffer.wrap(around, 10, json.length);

        assertThat(new EnrichedNoticeDeserializer().deserialize(Topics.ENRICHED, null, value))
                .isEqualTo(notice);
        assertThat(value.position()).isEqualTo(10);
        assertThat(new EnrichedNoticeDeserializer().deserialize(Topics.ENRICHED, null, (java.nio.ByteBuffer) null))
                .isNull();

        byte[] newer = "{\"schemaVersion\": 99, \"noticeId\": [1]}".getBytes(StandardCharsets.UTF_8);
        byte[] newerAround = new byte[newer.length + 2];
        System.arraycopy(newer, 0, newerAround, 1, newer.length);
        assertThatThrownBy(() -> EventCodec.instance().readEnriched(newerAround, 1, newer.length))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("unsupported schema version 99");
    }

    static EnrichedNotice.Details details() {
        return new EnrichedNotice.Details(
                "traditional",
                true,
                "標題",
                "正文",
                new EnrichedNotice.IndexNumber(
                        "ncsdhqtyjrswj--2023-0013", "pinyin-initials", "ncsdhqtyjrswj", 2023, "0013"),
                new EnrichedNotice.SubjectCategory("綜合政務", "综合政务", null),
                new EnrichedNotice.Publisher("南昌市東湖區退役軍人事務局", "南昌市东湖区退役军人事务局"),
                new EnrichedNotice.DateValue("2023-08-03 11:20", OffsetDateTime.parse("2023-08-03T11:20+08:00")),
                null,
                new EnrichedNotice.DocumentNumber("东府发[2023]12号", "bracket", "东府发", 2023, 12, "东府发〔2023〕12号"),
                new EnrichedNotice.ValidityValue("有效", "valid", null),
                new EnrichedNotice.Choice("主動公開", "proactive"),
                new EnrichedNotice.Choice("面向全社會", "public"),
                null,
                List.of("退役军人"),
                new EnrichedNotice.Genre(null, "通知", "title"),
                new EnrichedNotice.Identity("0123456789abcdef", "index_number"));
    }

    @Test
    void detailsRoundTripAndMatchTheSchema() {
        EnrichedNotice notice = TestEvents.with(enriched(), details(), null);
        byte[] json = EventCodec.instance().write(notice);
        EventSchemas.assertValid(EventSchemas.ENRICHED_NOTICE_V1, json);
        assertThat(EventCodec.instance().readEnriched(json)).isEqualTo(notice);
        assertRejected(
                EventSchemas.ENRICHED_NOTICE_V1,
                new String(json, StandardCharsets.UTF_8),
                "\"basis\":\"index_number\"",
                "\"basis\":\"x\"");
    }

    static EnrichedNotice.Subject subject() {
        return new EnrichedNotice.Subject(
                "城乡建设、环境保护",
                "城市规划",
                "declared",
                new EnrichedNotice.Subject.Declared("城乡建设\\城市规划", "exact", "城乡建设、环境保护", "城市规划"),
                new EnrichedNotice.Subject.Predicted("城乡建设、环境保护", null, 0.91, 0.0, "城乡建设、环境保护"),
                false,
                List.of(new EnrichedNotice.Subject.Term("城市更新", 0.42), new EnrichedNotice.Subject.Term("更新", 0.1)),
                "subject-1-synthetic");
    }

    @Test
    void subjectRoundTripsAndMatchesTheSchema() {
        EnrichedNotice notice = TestEvents.with(enriched(), details(), subject());
        byte[] json = EventCodec.instance().write(notice);
        EventSchemas.assertValid(EventSchemas.ENRICHED_NOTICE_V1, json);
        assertThat(EventCodec.instance().readEnriched(json)).isEqualTo(notice);
        String text = new String(json, StandardCharsets.UTF_8);
        assertRejected(EventSchemas.ENRICHED_NOTICE_V1, text, "\"match\":\"exact\"", "\"match\":\"guess\"");
        assertRejected(
                EventSchemas.ENRICHED_NOTICE_V1,
                text,
                "\"modelVersion\":\"subject-1-synthetic\"",
                "\"modelVersion\":\"\"");
        assertRejected(EventSchemas.ENRICHED_NOTICE_V1, text, "\"firstScore\":0.91", "\"firstScore\":1.5");
    }

    @Test
    void writesTheSameBytesAsDatabindWithoutBlackbird() {
        EnrichedNotice full = TestEvents.with(enriched(), details(), subject());
        for (Object event : List.of(raw(), enriched(), full)) {
            byte[] plain = EventCodec.plainMapper().writeValueAsBytes(event);
            assertThat(EventCodec.instance().write(event)).isEqualTo(plain);
        }
        // and reads them back to the same events
        assertThat(EventCodec.instance().readEnriched(EventCodec.plainMapper().writeValueAsBytes(full)))
                .isEqualTo(full);
        assertThat(EventCodec.instance().readRaw(EventCodec.plainMapper().writeValueAsBytes(raw())))
                .usingRecursiveComparison()
                .isEqualTo(raw());
    }

    @Test
    void unclassifiedSubjectWithoutDeclarationMatchesTheSchema() {
        EnrichedNotice.Subject unclassified = new EnrichedNotice.Subject(
                null,
                null,
                null,
                null,
                new EnrichedNotice.Subject.Predicted(null, null, 0.2, 0, "综合政务"),
                false,
                List.of(),
                "m1");
        EnrichedNotice notice = TestEvents.with(enriched(), null, unclassified);
        byte[] json = EventCodec.instance().write(notice);
        EventSchemas.assertValid(EventSchemas.ENRICHED_NOTICE_V1, json);
        assertThat(EventCodec.instance().readEnriched(json)).isEqualTo(notice);
    }

    @Test
    void eventsWithoutSubjectStillRead() {
        assertThat(enriched().subject()).isNull();
        assertReadsWithout("subject", "subject\"");
    }

    @Test
    void eventsWithoutDetailsStillRead() {
        assertThat(enriched().details()).isNull();
        assertReadsWithout("details", "details");
    }

    /** The enriched notice written without its null {@code field} (as an enricher before the field) is valid and reads. */
    private static void assertReadsWithout(String field, String absent) {
        EnrichedNotice notice = enriched();
        String json = new String(EventCodec.instance().write(notice), StandardCharsets.UTF_8);
        byte[] without = json.replace(",\"" + field + "\":null", "").getBytes(StandardCharsets.UTF_8);
        assertThat(new String(without, StandardCharsets.UTF_8)).doesNotContain(absent);
        EventSchemas.assertValid(EventSchemas.ENRICHED_NOTICE_V1, without);
        assertThat(EventCodec.instance().readEnriched(without)).isEqualTo(notice);
    }

    /** The schema rejects {@code json} with {@code from} replaced by {@code to}. */
    private static void assertRejected(String schema, String json, String from, String to) {
        assertThat(EventSchemas.errors(schema, json.replace(from, to).getBytes(StandardCharsets.UTF_8)))
                .as("%s with %s instead of %s", schema, to, from)
                .isNotEmpty();
    }

    @Test
    void schemaRejectsWhatTheContractForbids() {
        String json = new String(EventCodec.instance().write(raw()), StandardCharsets.UTF_8);
        assertRejected(EventSchemas.RAW_NOTICE_V1, json, "\"schemaVersion\":1", "\"schemaVersion\":2");
        assertRejected(EventSchemas.RAW_NOTICE_V1, json, "\"source\":\"crawl\"", "\"surprise\":1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "[]",
                "null",
                "{\"schemaVersion\":1}",
                "{\"schemaVersion\":99," + "\"noticeId\":\"0123456789abcdef\",\"url\":\"http://a.gov.cn/\"}",
                ""
            })
    void malformedValuesFailWithAClearError(String value) {
        assertThatThrownBy(() -> EventCodec.instance().readRaw(value.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageNotContaining("null pointer");
    }

    @Test
    void anEventOfANewerSchemaVersionIsRefusedForItsVersionEvenWhenItsShapeNoLongerBinds() {
        // What a third-party producer on a future contract sends: version 99, other fields.
        String future = "{\"schemaVersion\":99,\"id\":\"deadbeef00000002\"}";

        assertThatThrownBy(() -> EventCodec.instance().readRaw(future.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("unsupported schema version 99 (this consumer reads 1.." + RawNotice.SCHEMA_VERSION + ")");
    }

    @Test
    void aValueThatDoesNotBindNamesTheFieldThatFailed() {
        String missingVersion = "{\"schemaVersion\":1,\"noticeId\":\"0123456789abcdef\"}";

        assertThatThrownBy(() -> EventCodec.instance().readRaw(missingVersion.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("not a valid RawNotice (field ");
    }

    @Test
    void tombstonesStayNull() {
        assertThat(new RawNoticeDeserializer().deserialize(Topics.RAW, null)).isNull();
        assertThat(new EventSerializer<RawNotice>().serialize(Topics.RAW, null)).isNull();
    }
}
