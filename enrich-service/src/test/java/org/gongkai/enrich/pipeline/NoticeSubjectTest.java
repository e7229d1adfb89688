package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.gongkai.enrich.Fixtures;
import org.gongkai.enrich.classify.DeclaredCategoryMapper;
import org.gongkai.enrich.classify.SubjectClassifier;
import org.gongkai.enrich.classify.SubjectModel;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EnrichedNotice.Subject;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;
import org.gongkai.testsupport.EventSchemas;
import org.junit.jupiter.api.Test;

/**
 * The subject classifier wired into {@link NoticeEnricher}: declared, synonym, listed, unmapped and absent 主题分类,
 * text in the body or only in attachments, the classifier's flags and model version on the event, and the event
 * valid against the contract's schema.
 */
class NoticeSubjectTest {

    /**
     * The shipped model at a lower first-level threshold: these fixtures are a paragraph or two of synthetic text
     * whose right candidate can sit well under the shipped 0.5 (0.40 for the tax text found only in an attachment);
     * what is tested here is the wiring, not the model's confidence.
     */
    private static final SubjectClassifier CLASSIFIER = new SubjectClassifier(
            SubjectModel.loadDefault(),
            DeclaredCategoryMapper.standard(),
            new SubjectClassifier.Settings(0.35, 0.3, 5));

    private static final String MODEL_VERSION = CLASSIFIER.model().version();
    private static final String TRS = Fixtures.text("fixtures/trs-table.html");
    private static final String TRS_DECLARED = "城乡建设、环境保护\\城市规划";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NoticeEnricher enricher =
            new NoticeEnricher("test", Clock.systemUTC(), registry, Map.of(), CLASSIFIER);

    @Test
    void declaredNoticeFacetsOnItsDeclaredNodeAndIsPredictedToo() {
        EnrichedNotice notice = enrichHtml(TRS);

        Subject s = notice.subject();
        assertThat(s.source()).isEqualTo("declared");
        assertThat(s.first()).isEqualTo("城乡建设、环境保护");
        assertThat(s.second()).isEqualTo("城市规划");
        assertThat(s.declared()).isEqualTo(new Subject.Declared(TRS_DECLARED, "exact", "城乡建设、环境保护", "城市规划"));
        assertThat(s.predicted().first())
                .as("an urban-renewal plan is predicted under its declared first level")
                .isEqualTo("城乡建设、环境保护");
        assertThat(s.predicted().firstScore()).isBetween(0.35, 1.0);
        assertThat(s.disagreement()).isFalse();
        assertThat(s.modelVersion()).isEqualTo(MODEL_VERSION).isNotBlank();
        assertThat(notice.flags()).noneMatch(f -> f.startsWith("subject_"));
        assertExplained(notice);
        assertValidAndRoundTrips(notice);
    }

    @Test
    void undeclaredNoticeFacetsOnThePrediction() {
        EnrichedNotice notice = enrichHtml(Fixtures.text("fixtures/meta-only.html"));

        Subject s = notice.subject();
        assertThat(notice.metadata().subjectCategory()).isNull();
        assertThat(s.declared()).isNull();
        assertThat(s.source()).isEqualTo("predicted");
        assertThat(s.first()).isEqualTo("城乡建设、环境保护").isEqualTo(s.predicted().first());
        assertThat(s.second()).isEqualTo("环境监测、保护与治理").isEqualTo(s.predicted().second());
        assertThat(s.predicted().secondScore())
                .isPositive()
                .isLessThanOrEqualTo(s.predicted().firstScore());
        assertThat(s.modelVersion()).isEqualTo(MODEL_VERSION);
        assertThat(notice.flags()).noneMatch(f -> f.startsWith("subject_"));
        assertExplained(notice);
        assertValidAndRoundTrips(notice);
    }

    @Test
    void unmappedDeclaredValueIsKeptRawFlaggedAndNotForced() {
        EnrichedNotice notice = enrichHtml(TRS.replace(TRS_DECLARED, "星际移民管理"));

        Subject s = notice.subject();
        assertThat(s.declared()).isEqualTo(new Subject.Declared("星际移民管理", "unmapped", null, null));
        assertThat(s.source()).isEqualTo("predicted");
        assertThat(s.first()).isEqualTo(s.predicted().first()).isEqualTo("城乡建设、环境保护");
        assertThat(notice.flags()).contains("subject_declared_unmapped");
        assertValidAndRoundTrips(notice);
    }

    @Test
    void aDeclaredValueListingSeveralCategoriesFacetsOnTheFirstListedOneFlaggedAndClaimsNoDisagreement() {
        // Jiangxi's portal: 、 inside a national name, a comma between names
        EnrichedNotice notice = enrichHtml(TRS.replace(TRS_DECLARED, "工业、交通,商贸、海关"));

        Subject s = notice.subject();
        assertThat(s.declared()).isEqualTo(new Subject.Declared("工业、交通,商贸、海关", "listed", "工业、交通", null));
        assertThat(s.source()).isEqualTo("declared");
        assertThat(s.first()).isEqualTo("工业、交通");
        assertThat(s.second()).isNull();
        assertThat(s.predicted().first())
                .as("predicted apart from the declaration")
                .isEqualTo("城乡建设、环境保护");
        assertThat(s.disagreement())
                .as("only the first of the listed categories is kept: a disagreement with it would be a guess")
                .isFalse();
        assertThat(notice.flags()).contains("subject_declared_several").doesNotContain("subject_declared_unmapped");
        assertValidAndRoundTrips(notice);
    }

    @Test
    void localSynonymMapsAndADisagreeingPredictionIsMarkedOnTheSubjectNotFlagged() {
        EnrichedNotice notice = enrichHtml(TRS.replace(TRS_DECLARED, "港澳台工作"));

        Subject s = notice.subject();
        assertThat(s.declared()).isEqualTo(new Subject.Declared("港澳台工作", "synonym", "港澳台侨工作", null));
        assertThat(s.source()).isEqualTo("declared");
        assertThat(s.first()).isEqualTo("港澳台侨工作");
        assertThat(s.predicted().first()).isEqualTo("城乡建设、环境保护");
        assertThat(s.disagreement()).isTrue();
        assertThat(notice.flags()).doesNotContain("subject_disagreement");
        assertValidAndRoundTrips(notice);
    }

    @Test
    void contentFreeNoticeIsUnclassifiedNotGuessed() {
        EnrichedNotice notice = enrichHtml("<html><head><title>关于召开会议的通知</title></head><body>"
                + "<h1>关于召开会议的通知</h1><p>各有关单位：</p><p>经研究，定于下周召开会议，请准时参加。</p><p>特此通知。</p>"
                + "</body></html>");

        Subject s = notice.subject();
        assertThat(s.first()).isNull();
        assertThat(s.second()).isNull();
        assertThat(s.source()).isNull();
        assertThat(s.predicted().first()).isNull();
        assertThat(s.predicted().firstScore()).isLessThan(0.5);
        assertThat(s.modelVersion()).as("recorded on every notice").isEqualTo(MODEL_VERSION);
        assertThat(notice.flags()).contains("subject_unclassified");
        assertValidAndRoundTrips(notice);
    }

    @Test
    void everyClassifiedNoticeIsCountedBySourceFirstLevelAndModel() {
        enrichHtml(TRS);
        enrichHtml(TRS);
        enrichHtml(Fixtures.text("fixtures/meta-only.html"));
        enrichHtml("<html><head><title>关于召开会议的通知</title></head><body><p>经研究，定于下周召开会议。</p></body></html>");

        assertThat(subjects("declared", "城乡建设、环境保护")).isEqualTo(2.0);
        assertThat(subjects("predicted", "城乡建设、环境保护")).isEqualTo(1.0);
        assertThat(subjects("unclassified", "none")).isEqualTo(1.0);
        assertThat(registry.find(SubjectMetrics.SUBJECTS).counters())
                .as("one series per source, first level and model seen")
                .hasSize(3)
                .allSatisfy(c -> assertThat(c.getId().getTag("model")).isEqualTo(MODEL_VERSION));
    }

    private double subjects(String source, String first) {
        var counter = registry.find(SubjectMetrics.SUBJECTS)
                .tag("source", source)
                .tag("first", first)
                .tag("model", MODEL_VERSION)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void attachmentsAreClassifiedWithTheBody() {
        String page = "<html><head><title>关于印发有关文件的通知</title></head><body><h1>关于印发有关文件的通知</h1>"
                + "<p>各有关单位：现将有关文件印发给你们，请认真贯彻执行。</p><p>详见附件。</p></body></html>";
        String taxText = "为做好2024年度个人所得税综合所得汇算清缴工作，落实增值税留抵退税政策，" + "税务部门将开展纳税信用评价，纳税人应当按期办理纳税申报，依法缴纳税款。";
        EnrichedNotice withoutAttachment = enricher.enrich(withAttachments(page, List.of()));
        EnrichedNotice withAttachment = enricher.enrich(withAttachments(
                page,
                List.of(
                        new RawNotice.Attachment(
                                "https://www.example.gov.cn/a/1.pdf", "附件1", "application/pdf", taxText, false, null),
                        new RawNotice.Attachment(
                                "https://www.example.gov.cn/a/2.doc", "附件2", null, null, false, "unreadable"))));

        assertThat(withoutAttachment.subject().first())
                .as("the body alone says nothing about the subject")
                .isNotEqualTo("财政、金融、审计");
        assertThat(withAttachment.subject().first()).isEqualTo("财政、金融、审计");
        assertThat(withAttachment.subject().source()).isEqualTo("predicted");
        assertThat(withAttachment.subject().topTerms()).anyMatch(t -> taxText.contains(t.term()));
        assertValidAndRoundTrips(withAttachment);
    }

    @Test
    void theInjectedClassifierDecides() {
        SubjectClassifier strict = new SubjectClassifier(
                SubjectModel.loadDefault(),
                DeclaredCategoryMapper.standard(),
                new SubjectClassifier.Settings(1.0, 1.0, 0));
        NoticeEnricher strictEnricher =
                new NoticeEnricher("test", Clock.systemUTC(), new SimpleMeterRegistry(), Map.of(), strict);

        EnrichedNotice notice = strictEnricher.enrich(raw(Fixtures.text("fixtures/meta-only.html")));

        assertThat(notice.subject().first()).isNull();
        assertThat(notice.subject().topTerms()).isEmpty();
        assertThat(notice.flags()).contains("subject_unclassified");
        assertThat(enricher.enrich(raw(Fixtures.text("fixtures/meta-only.html")))
                        .subject()
                        .first())
                .isNotNull();
    }

    @Test
    void enrichersBuiltWithoutAClassifierUseTheShippedModel() {
        EnrichedNotice notice =
                new NoticeEnricher("test", Clock.systemUTC(), new SimpleMeterRegistry()).enrich(raw(TRS));

        NoticeEnricher standard = new NoticeEnricher(
                "test", Clock.systemUTC(), new SimpleMeterRegistry(), Map.of(), SubjectClassifier.standard());
        assertThat(notice.subject()).isEqualTo(standard.enrich(raw(TRS)).subject());
    }

    /** Top terms explain the predicted (or candidate) first level: strongest first, each taken from the text. */
    private static void assertExplained(EnrichedNotice notice) {
        List<Subject.Term> terms = notice.subject().topTerms();
        assertThat(terms).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        for (int i = 1; i < terms.size(); i++) {
            assertThat(terms.get(i).weight())
                    .isLessThanOrEqualTo(terms.get(i - 1).weight());
        }
        String text = (notice.title() + "\n" + notice.body()).toLowerCase(java.util.Locale.ROOT);
        String publisher = String.valueOf(notice.metadata().publisher());
        assertThat(terms).allSatisfy(t -> {
            assertThat(t.weight()).isPositive();
            if (t.term().startsWith("发布机构:")) { // an issuing agency named in the publisher field or the text
                assertThat(text + publisher).contains(t.term().substring("发布机构:".length()));
            } else if (t.term().startsWith("主题词:")) { // a subject keyword of the title or the text's opening
                assertThat(text).contains(t.term().substring("主题词:".length()));
            } else {
                assertThat(text).contains(t.term());
            }
        });
    }

    private static void assertValidAndRoundTrips(EnrichedNotice notice) {
        byte[] json = EventCodec.instance().write(notice);
        EventSchemas.assertValid(EventSchemas.ENRICHED_NOTICE_V1, json);
        assertThat(EventCodec.instance().readEnriched(json)).isEqualTo(notice);
    }

    private EnrichedNotice enrichHtml(String page) {
        return enricher.enrich(raw(page));
    }

    private static RawNotice raw(String page) {
        return Fixtures.raw("https://www.example.gov.cn/xxgk/" + page.hashCode() + ".html", "text/html", page);
    }

    private static RawNotice withAttachments(String page, List<RawNotice.Attachment> attachments) {
        RawNotice r = raw(page);
        return new RawNotice(
                r.schemaVersion(),
                r.noticeId(),
                r.url(),
                r.finalUrl(),
                r.siteId(),
                r.source(),
                r.fetchedAt(),
                r.version(),
                r.httpStatus(),
                r.headers(),
                r.contentType(),
                r.charset(),
                r.charsetSource(),
                r.body(),
                page.getBytes(StandardCharsets.UTF_8),
                r.truncated(),
                r.contentHash(),
                attachments);
    }
}
