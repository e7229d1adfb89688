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
        Instant fetched = Instant.parse("2026-11-28T08:00:00Z");
        return new RawNotice(
                RawNotice.SCHEMA_VERSION,
                NoticeIds.fromUrl(url),
                url,
                url,
                "dhq",
                "crawl",
                fetched,
                fetched.toEpochMilli() * 1000,
                200,
                Map.of("content-type", "text/html; charset=gbk"),
                "text/html",
                "GB18030",
                "header",
                new String(bytes, Charset.forName("GB18030")),
                bytes,
                false,
                NoticeIds.sha256Hex(bytes),
                List.of(new RawNotice.Attachment(url + ".pdf", "附件", "application/pdf", "附件正文", false, null)));
    }

    static EnrichedNotice enriched() {
        RawNotice raw = raw();
        var metadata = new EnrichedNotice.Metadata(
                "ncsdhqtyjrswj--2023-0013",
                "综合政务",
                "南昌市东湖区退役军人事务局",
                OffsetDateTime.parse("2023-08-03T11:20+08:00"),
                null,
                null,
                null,
                "valid",
                "主动公开",
                "面向全社会",
                null,
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
    void schemaRejectsWhatTheContractForbids() {
        String json = new String(EventCodec.instance().write(raw()), StandardCharsets.UTF_8);
        assertThat(EventSchemas.errors(
                        EventSchemas.RAW_NOTICE_V1,
                        json.replace("\"schemaVersion\":1", "\"schemaVersion\":2")
                                .getBytes(StandardCharsets.UTF_8)))
                .isNotEmpty();
        assertThat(EventSchemas.errors(
                        EventSchemas.RAW_NOTICE_V1,
                        json.replace("\"source\":\"crawl\"", "\"surprise\":1").getBytes(StandardCharsets.UTF_8)))
                .isNotEmpty();
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
    void tombstonesStayNull() {
        assertThat(new RawNoticeDeserializer().deserialize(Topics.RAW, null)).isNull();
        assertThat(new EventSerializer<RawNotice>().serialize(Topics.RAW, null)).isNull();
    }
}
