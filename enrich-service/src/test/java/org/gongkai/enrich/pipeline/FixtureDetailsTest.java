package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.Transliterator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.gongkai.enrich.Fixtures;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EnrichedNotice.Details;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;
import org.gongkai.testsupport.EventSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Table-driven: the normalised details of fixture pages of several CMS families, in UTF-8 and GBK, and of
 * Traditional mirror copies made from them (ICU's Simplified-Traditional plus pinyin glosses), which must come out
 * with the same metadata and the same identity as their originals.
 */
class FixtureDetailsTest {

    private static final NoticeEnricher ENRICHER =
            new NoticeEnricher("test", Clock.systemUTC(), new SimpleMeterRegistry());

    record Case(
            String fixture,
            Charset charset,
            String indexScheme,
            String organisationCode,
            String documentStyle,
            String documentKey,
            String subjectFirst,
            String subjectSecond,
            String mode,
            String scope,
            String period,
            List<String> keywords,
            String genre,
            String genreSource,
            String validity,
            OffsetDateTime repealedAt,
            String identityBasis,
            List<String> flags) {

        @Override
        public String toString() {
            return fixture + " (" + charset + ")";
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "fixtures/trs-table.html",
                        StandardCharsets.UTF_8,
                        "national",
                        "014503291",
                        "bracket",
                        "东府办发〔2023〕21号",
                        "城乡建设、环境保护",
                        "城市规划",
                        "proactive",
                        "public",
                        null,
                        List.of(),
                        "通知",
                        "field",
                        "valid",
                        null,
                        "index_number",
                        List.of()),
                new Case(
                        "fixtures/div-list.html",
                        StandardCharsets.UTF_8,
                        "national",
                        "002935467",
                        "bracket",
                        "鄞政发〔2024〕5号",
                        "国民经济管理、国有资产监管",
                        "发展规划",
                        null,
                        null,
                        null,
                        List.of("重点建设项目", "计划"),
                        "通知",
                        "title",
                        "valid",
                        null,
                        "index_number",
                        List.of()),
                new Case(
                        "fixtures/odd-forms.html",
                        StandardCharsets.UTF_8,
                        "segmented",
                        "A0300-010000",
                        "bracket",
                        "洪府字〔2023〕12号",
                        null,
                        null,
                        "proactive",
                        "public",
                        null,
                        List.of(),
                        "批复",
                        "field",
                        "repealed",
                        OffsetDateTime.parse("2025-08-03T00:00+08:00"),
                        "index_number",
                        List.of()),
                new Case(
                        "fixtures/gbk-ucap.html",
                        Charset.forName("GBK"),
                        "national-credit-code",
                        "K07777881",
                        "order",
                        "市政府令第219号",
                        "城乡建设、环境保护",
                        "市容环境",
                        "proactive",
                        "public",
                        "long_term",
                        List.of("市容", "环境卫生", "管理办法"),
                        "办法",
                        "title",
                        "valid",
                        null,
                        "index_number",
                        List.of()),
                new Case(
                        "fixtures/meta-only.html",
                        StandardCharsets.UTF_8,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of("执法大练兵"),
                        "通告",
                        "title",
                        null,
                        null,
                        "notice",
                        List.of("no_index_number", "no_metadata")),
                new Case(
                        "fixtures/missing.html",
                        StandardCharsets.UTF_8,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        "notice",
                        List.of("date_unparseable:发布时间", "no_publisher", "no_date")));
    }

    static EnrichedNotice enrich(String url, byte[] bytes, Charset charset) {
        RawNotice raw = Fixtures.raw(url, "text/html", bytes, charset);
        return ENRICHER.enrich(raw);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalisesDetails(Case c) {
        EnrichedNotice notice =
                enrich("https://www.example.gov.cn/xxgk/" + c.fixture(), Fixtures.bytes(c.fixture()), c.charset());
        Details d = notice.details();

        assertThat(d.script()).isEqualTo("simplified");
        assertThat(d.mirrorArtefacts()).isFalse();
        assertThat(d.originalTitle()).isNull();
        assertThat(d.originalBody())
                .as("kept only when script folding changed the text")
                .isNull();
        assertThat(d.indexNumber() == null ? null : d.indexNumber().scheme()).isEqualTo(c.indexScheme());
        assertThat(d.indexNumber() == null ? null : d.indexNumber().organisationCode())
                .isEqualTo(c.organisationCode());
        assertThat(d.documentNumber() == null ? null : d.documentNumber().style())
                .isEqualTo(c.documentStyle());
        assertThat(notice.metadata().documentNumberKey()).isEqualTo(c.documentKey());
        assertThat(d.subjectCategory() == null ? null : d.subjectCategory().first())
                .isEqualTo(c.subjectFirst());
        assertThat(d.subjectCategory() == null ? null : d.subjectCategory().second())
                .isEqualTo(c.subjectSecond());
        assertThat(d.disclosureMode() == null ? null : d.disclosureMode().value())
                .isEqualTo(c.mode());
        assertThat(d.disclosureScope() == null ? null : d.disclosureScope().value())
                .isEqualTo(c.scope());
        assertThat(d.disclosurePeriod() == null ? null : d.disclosurePeriod().value())
                .isEqualTo(c.period());
        assertThat(d.keywords()).isEqualTo(c.keywords());
        assertThat(d.genre() == null ? null : d.genre().value()).isEqualTo(c.genre());
        assertThat(d.genre() == null ? null : d.genre().source()).isEqualTo(c.genreSource());
        assertThat(d.validity() == null ? null : d.validity().status()).isEqualTo(c.validity());
        assertThat(d.validity() == null ? null : d.validity().repealedAt()).isEqualTo(c.repealedAt());
        assertThat(d.identity().basis()).isEqualTo(c.identityBasis());
        if (c.identityBasis().equals("notice")) {
            assertThat(d.identity().key()).isEqualTo(notice.noticeId());
        }
        assertThat(notice.flags()).containsAll(c.flags()).doesNotContain("mirror_artefacts", "traditional_script");
        EventSchemas.assertValid(
                EventSchemas.ENRICHED_NOTICE_V1, EventCodec.instance().write(notice));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "fixtures/trs-table.html",
                "fixtures/div-list.html",
                "fixtures/odd-forms.html",
                "fixtures/gbk-ucap.html"
            })
    void traditionalMirrorCopySharesTheOriginalsIdentity(String fixture) {
        Charset charset = fixture.contains("gbk") ? Charset.forName("GBK") : StandardCharsets.UTF_8;
        String page = new String(
                Fixtures.bytes(fixture), charset.name().equals("GBK") ? Charset.forName("GB18030") : charset);
        EnrichedNotice original = enrich("https://www.example.gov.cn/xxgk/" + fixture, page.getBytes(charset), charset);

        String mirrorPage = mirror(page);
        assertThat(mirrorPage).isNotEqualTo(page).contains("(zheng)(zheng)");
        EnrichedNotice copy = enrich(
                "http://spam.example.com/news/" + fixture.hashCode() + ".html",
                mirrorPage.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);

        assertThat(copy.noticeId()).isNotEqualTo(original.noticeId());
        assertThat(copy.details().identity()).isEqualTo(original.details().identity());
        assertThat(copy.details().identity().basis()).isEqualTo("index_number");
        assertThat(copy.metadata()).isEqualTo(original.metadata());
        assertThat(copy.title()).isEqualTo(original.title());
        assertThat(copy.details().script()).isEqualTo("traditional");
        assertThat(copy.details().mirrorArtefacts()).isTrue();
        assertThat(copy.details().originalTitle()).isNotEqualTo(copy.title());
        assertThat(copy.details().publisher().raw()).doesNotContain("(");
        assertThat(copy.details().publisher().normalised())
                .isEqualTo(original.details().publisher().normalised());
        assertThat(copy.flags()).contains("mirror_artefacts", "traditional_script");
        assertThat(copy.body()).doesNotContain("(zheng)", "(fā)", "(hào)");
        // classified on the folded text, the copy gets its original's subject
        assertThat(copy.subject().first()).isEqualTo(original.subject().first());
        assertThat(copy.subject().second()).isEqualTo(original.subject().second());
        assertThat(copy.subject().source()).isEqualTo(original.subject().source());
        assertThat(copy.subject().predicted().first())
                .isEqualTo(original.subject().predicted().first());
    }

    @Test
    void traditionalMirrorOfARealReplyGetsTheOriginalsTitle() {
        // a real Hebei title and body as OpenCC's Simplified-Traditional writes them (复函 → 覆函), with glosses
        EnrichedNotice copy = enrich(
                "http://spam.example.com/news/reply.html",
                Fixtures.bytes("fixtures/mirror-reply.html"),
                StandardCharsets.UTF_8);
        assertThat(copy.details().script()).isEqualTo("traditional");
        assertThat(copy.details().originalTitle()).endsWith("收費站的覆函");
        assertThat(copy.title()).isEqualTo("河北省人民政府办公厅关于同意沿海高速公路增设歧口收费站的复函");
        assertThat(copy.body()).contains("省政府同意沿海高速公路增设匝道收费站1处，收取机动车辆通行费，收费标准、收费期限与沿海高速公路一致。");
        assertThat(copy.metadata().publisher()).isEqualTo("河北省人民政府办公厅");
    }

    /** What a mirror site does: Traditional script, toneless and toned pinyin glosses after some characters. */
    static String mirror(String page) {
        String traditional =
                Transliterator.getInstance("Simplified-Traditional").transliterate(page);
        return traditional
                .replace("政", "政(zheng)(zheng)")
                .replace("發", "發(fā)")
                .replace("號", "號(hào)")
                .replace("區", "區(qū)");
    }
}
