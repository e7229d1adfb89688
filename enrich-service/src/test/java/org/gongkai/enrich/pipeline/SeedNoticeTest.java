package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.gongkai.analysis.fold.ScriptFolding;
import org.gongkai.enrich.Fixtures;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.testsupport.EventSchemas;
import org.junit.jupiter.api.Test;

/**
 * The seed: a mirror copy of a real notice as a web crawl's text extract saw it (Traditional script, pinyin
 * glosses, the metadata table flattened to {@code label: | value |} rows, one empty value).
 *
 * <p>It must come out exactly as issue 4 says: normalised fields and body in Simplified script without glosses,
 * raw values (Traditional) kept in the labels and details, mirror artefacts flagged.
 */
class SeedNoticeTest {

    private static final String SEED = Fixtures.text("seed/000_dfb611d724c5a3ca.txt");

    private final EnrichedNotice notice = new NoticeEnricher("test", Clock.systemUTC(), new SimpleMeterRegistry())
            .enrich(Fixtures.raw("http://www.example.com/mirror/000_dfb611d724c5a3ca.html", "text/plain", SEED));

    @Test
    void readsTheMetadataRows() {
        EnrichedNotice.Metadata m = notice.metadata();
        assertThat(m.indexNumber()).isEqualTo("ncsdhqtyjrswj--2023-0013");
        assertThat(m.publisher()).isEqualTo("南昌市东湖区退役军人事务局");
        assertThat(m.subjectCategory()).isEqualTo("综合政务");
        assertThat(m.writtenAt()).isEqualTo(OffsetDateTime.parse("2023-08-03T11:20+08:00"));
        assertThat(m.publishedAt()).isNull();
        assertThat(m.validity()).isEqualTo("valid");
        assertThat(m.disclosureScope()).isEqualTo("面向全社会");
        assertThat(m.disclosureMode()).isEqualTo("主动公开");
        assertThat(m.documentNumber()).isNull();
        assertThat(m.documentNumberKey()).isNull();
    }

    @Test
    void detailsKeepRawValuesNextToParsedOnes() {
        EnrichedNotice.Details d = notice.details();
        assertThat(d.script()).isEqualTo("traditional");
        assertThat(d.mirrorArtefacts()).isTrue();
        assertThat(d.indexNumber())
                .isEqualTo(new EnrichedNotice.IndexNumber(
                        "ncsdhqtyjrswj--2023-0013", "pinyin-initials", "ncsdhqtyjrswj", 2023, "0013"));
        assertThat(d.subjectCategory()).isEqualTo(new EnrichedNotice.SubjectCategory("綜合政務", "综合政务", null));
        assertThat(d.publisher()).isEqualTo(new EnrichedNotice.Publisher("南昌市東湖區退役軍人事務局", "南昌市东湖区退役军人事务局"));
        assertThat(d.writtenAt())
                .isEqualTo(new EnrichedNotice.DateValue(
                        "2023-08-03 11:20", OffsetDateTime.parse("2023-08-03T11:20+08:00")));
        assertThat(d.publishedAt()).isNull();
        assertThat(d.documentNumber()).isNull();
        assertThat(d.validity()).isEqualTo(new EnrichedNotice.ValidityValue("有效", "valid", null));
        assertThat(d.disclosureMode()).isEqualTo(new EnrichedNotice.Choice("主動公開", "proactive"));
        assertThat(d.disclosureScope()).isEqualTo(new EnrichedNotice.Choice("面向全社會", "public"));
        assertThat(d.disclosurePeriod()).isNull();
        assertThat(d.keywords()).isEmpty();
        assertThat(d.identity().basis()).isEqualTo("index_number");
        assertThat(d.originalTitle()).isNull();
        assertThat(d.originalBody())
                .startsWith("8月2日上午,區委退役軍人事務工作領導小組2023年第一次全體會議召開")
                .doesNotContain("(qū)");
    }

    @Test
    void sharesItsIdentityWithTheSimplifiedOriginal() {
        String original = SEED.replace("索引號(hào)", "索引号")
                .replace("南昌市東湖區退役軍人事務局", "南昌市东湖区退役军人事务局")
                .replaceAll("\\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\\)", "");
        EnrichedNotice simplified = new NoticeEnricher("test", Clock.systemUTC(), new SimpleMeterRegistry())
                .enrich(Fixtures.raw("http://www.dhq.gov.cn/xxgk/202308/t20230803_1.html", "text/plain", original));
        assertThat(simplified.noticeId()).isNotEqualTo(notice.noticeId());
        assertThat(simplified.details().mirrorArtefacts()).isFalse();
        assertThat(simplified.details().identity()).isEqualTo(notice.details().identity());
    }

    @Test
    void labelsAreNormalisedAndTheEmptyDocumentNumberIsKept() {
        assertThat(notice.labels())
                .containsEntry("索引号", "ncsdhqtyjrswj--2023-0013")
                .containsEntry("主题分类", "綜合政務")
                .containsEntry("发布机构", "南昌市東湖區退役軍人事務局")
                .containsEntry("生成日期", "2023-08-03 11:20")
                .containsEntry("文件编号", "")
                .containsEntry("有效性", "有效")
                .containsEntry("公开范围", "面向全社會")
                .containsEntry("公开方式", "主動公開")
                .hasSize(8);
    }

    @Test
    void flagsTheMirrorAndTheMissingTitle() {
        assertThat(notice.flags())
                .contains("mirror_artefacts", "traditional_script", "no_title")
                .doesNotContain("no_index_number", "no_publisher", "no_metadata", "no_body", "no_date");
        assertThat(notice.title()).isEmpty();
    }

    @Test
    void bodyIsTheRemainingLinesWithoutGlosses() {
        long metadataRows = SEED.lines().filter(l -> l.contains(": |")).count();
        long textLines = SEED.lines().filter(l -> !l.isBlank()).count();
        assertThat(metadataRows).isEqualTo(4);
        assertThat(notice.body().lines()).hasSize((int) (textLines - metadataRows));
        assertThat(notice.body())
                .startsWith("8月2日上午,区委退役军人事务工作领导小组2023年第一次全体会议召开,区委书记高辉红主持会议并讲话")
                .doesNotContain("(qū)", "(huì)", "(wù)", "索引", "ncsdhqtyjrswj");
        assertThat(ScriptFolding.standard().traditionalCount(notice.body())).isZero();
        EventSchemas.assertValid(
                EventSchemas.ENRICHED_NOTICE_V1, EventCodec.instance().write(notice));
    }
}
