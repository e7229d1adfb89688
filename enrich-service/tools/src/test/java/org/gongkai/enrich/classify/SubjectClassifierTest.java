package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped model behind the classifier's API. */
class SubjectClassifierTest {

    private static SubjectClassifier classifier;

    // Load time is a benchmark figure (SubjectClassifierBenchmark), not a timed assertion: a loaded CI machine made
    // the old 2 s bound fail once (2.39 s) with nothing wrong.
    @BeforeAll
    static void load() {
        classifier = SubjectClassifier.standard();
    }

    @Test
    void shippedModelLoadsWithTheNationalFirstLevels() {
        assertThat(classifier.model().version()).isEqualTo("subject-7-local");
        assertThat(classifier.model().firstLabels())
                .isEqualTo(Taxonomy.national().firstLevels());
    }

    @Test
    void predictsFirstAndSecondLevelWithScores() {
        SubjectClassification c = classifier.classify(
                "国家税务总局南昌市税务局关于做好2024年度个人所得税综合所得汇算清缴工作的通告",
                "为做好个人所得税汇算清缴工作，纳税人可通过个人所得税APP办理，税务机关提供预约办税服务。" + "符合条件的纳税人可享受税收优惠政策，请按期申报纳税。",
                null,
                null);
        assertThat(c.predicted().classified()).isTrue();
        assertThat(c.predicted().node()).isEqualTo(new SubjectNode("财政、金融、审计", "税务"));
        assertThat(c.predicted().firstScore()).isBetween(0.5, 1.0);
        assertThat(c.predicted().secondScore()).isBetween(0.4, c.predicted().firstScore());
        assertThat(c.subject()).isEqualTo(c.predicted().node());
        assertThat(c.declared()).isEqualTo(DeclaredSubject.ABSENT);
        assertThat(c.disagreement()).isFalse();
        assertThat(c.modelVersion()).isEqualTo(classifier.model().version());
        assertThat(c.flags()).isEmpty();
    }

    @Test
    void topTermsComeFromTheNoticeAndExplainThePrediction() {
        String title = "关于开展2024年度高新技术企业认定工作的通知";
        String body = "各有关企业：根据高新技术企业认定管理办法，现组织开展高新技术企业认定申报，鼓励企业加大研发投入。";
        SubjectClassification c = classifier.classify(title, body, null, null);
        assertThat(c.predicted().candidate()).isEqualTo("科技、教育");
        assertThat(c.topTerms()).hasSize(5);
        // n-grams of the notice, or a subject keyword of its title (主题词:KEYWORD)
        assertThat(c.topTerms()).anySatisfy(t -> assertThat(t.term()).isEqualTo("主题词:高新技术"));
        assertThat(c.topTerms()).allSatisfy(t -> {
            assertThat(title + body).contains(t.term().replace("主题词:", ""));
            assertThat(t.weight()).isPositive();
        });
        assertThat(c.topTerms()).isSortedAccordingTo((a, b) -> Double.compare(b.weight(), a.weight()));
    }

    @Test
    void declaredCategoryIsMappedAndADisagreementFlagged() {
        // the seed notice's situation: declared 综合政务, the text is about veterans
        // (published by the district's 退役军人事务局)
        SubjectClassification c = classifier.classify(
                "关于做好2023年退役军人优抚安置工作的通知",
                "会议研究了退役军人就业创业、军队转业干部安置和退役士兵安置工作，要求用心用情服务好退役军人，" + "落实优抚对象抚恤补助政策，做好光荣牌悬挂和烈士褒扬工作。",
                "",
                "南昌市东湖区退役军人事务局",
                "综合政务");
        assertThat(c.declared().node()).isEqualTo(SubjectNode.of("综合政务"));
        assertThat(c.predicted().classified()).isTrue();
        assertThat(c.predicted().node().first()).isIn("劳动、人事、监察", "民政、扶贫、救灾");
        assertThat(c.disagreement()).isTrue();
        assertThat(c.flags()).isEmpty(); // the page is fine; the model disagrees
        assertThat(c.subject()).isEqualTo(SubjectNode.of("综合政务")); // the page's own word wins the facet
    }

    @Test
    void agreeingDeclarationIsNotADisagreement() {
        SubjectClassification c =
                classifier.classify("关于做好2024年征兵工作的通知", "各乡镇人民武装部：做好兵役登记和征兵体检工作，加强国防教育。", null, "国防\\国防建设");
        assertThat(c.declared().match()).isEqualTo(DeclaredSubject.Match.EXACT);
        assertThat(c.predicted().node().first()).isEqualTo("国防");
        assertThat(c.disagreement()).isFalse();
    }

    @Test
    void lowConfidenceIsUnclassifiedNotAGuess() {
        SubjectClassification c = classifier.classify("通知", "详见附件。", null, "机关党建");
        assertThat(c.predicted().classified()).isFalse();
        assertThat(c.predicted().node()).isNull();
        assertThat(c.predicted().firstScore()).isLessThan(SubjectClassifier.Settings.DEFAULTS.firstThreshold());
        assertThat(c.subject()).isNull();
        assertThat(c.disagreement()).isFalse();
        assertThat(c.flags()).containsExactly("subject_declared_unmapped", "subject_unclassified");

        SubjectClassification empty = classifier.classify(null, null, null, null);
        assertThat(empty.predicted().classified()).isFalse();
        assertThat(empty.topTerms()).isEmpty();
    }

    @Test
    void thresholdsAreSettings() {
        SubjectClassifier strict = new SubjectClassifier(
                classifier.model(), DeclaredCategoryMapper.standard(), new SubjectClassifier.Settings(1.0, 1.0, 0));
        SubjectClassification c = strict.classify("关于征兵工作的通知", "兵役登记", null, null);
        assertThat(c.predicted().classified()).isFalse();
        assertThat(c.topTerms()).isEmpty();
        assertThatThrownBy(() -> new SubjectClassifier.Settings(1.5, 0.4, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shippedModelOnHandWrittenNoticesItNeverSaw() throws IOException {
        List<LabelledNotice> written;
        try (InputStream in = SubjectClassifierTest.class.getResourceAsStream("/classify/subject-written.jsonl")) {
            written = LabelledNotice.readJsonl(
                    new InputStreamReader(in, StandardCharsets.UTF_8), DeclaredCategoryMapper.standard(), new int[1]);
        }
        assertThat(written).hasSize(44);
        long right = written.stream()
                .filter(n -> {
                    SubjectClassification c = classifier.classify(n.title(), n.body(), n.attachments(), null);
                    return n.label().first().equals(c.predicted().candidate());
                })
                .count();
        // a sanity floor far above chance (1/22), not the measured figure (see CLASSIFICATION.md)
        assertThat(right).isGreaterThan(written.size() * 2 / 3);
    }

    @Test
    void artefactRoundTripKeepsPredictionsAndRejectsOtherFiles() throws IOException {
        SubjectModel model = classifier.model();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.write(bytes);
        SubjectModel copy = SubjectModel.read(new ByteArrayInputStream(bytes.toByteArray()));
        FeatureVector v = model.features().extract("关于公布第八批市级文物保护单位的通知", "做好文物保护范围划定。", null);
        assertThat(copy.firstProbabilities(v)).isEqualTo(model.firstProbabilities(v));
        assertThat(copy.version()).isEqualTo(model.version());
        ByteArrayOutputStream notAModel = new ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(notAModel)) {
            gzip.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        assertThatThrownBy(() -> SubjectModel.read(new ByteArrayInputStream(notAModel.toByteArray())))
                .isInstanceOf(IOException.class);
    }
}
