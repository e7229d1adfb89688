package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrawlExamplesTest {

    private static final String TITLE = "关于做好2024年征兵工作的通知";
    private static final String BODY = "各乡镇人民武装部：做好兵役登记和征兵体检工作，加强国防教育。";

    @Test
    void onlyDeclaredCategoriesThatMapAreLabelsNeverThePrediction() {
        CrawlExamples examples = new CrawlExamples(20);
        // no declaration: the classifier's prediction (国防, confident) is on the event but is no label
        assertThat(examples.accept("a", CrawlNotices.withSubject(CrawlNotices.enriched("a", 1, TITLE, BODY, null))))
                .isFalse();
        assertThat(examples.accept("b", CrawlNotices.withSubject(CrawlNotices.enriched("b", 1, TITLE, BODY, "星际移民管理"))))
                .isFalse();
        assertThat(examples.size()).isZero();

        examples.accept("c", CrawlNotices.withSubject(CrawlNotices.enriched("c", 1, TITLE, BODY, "国防\\国防动员")));
        assertThat(examples.size()).isEqualTo(1);
        assertThat(all(examples)).extracting(LabelledNotice::label).containsExactly(new SubjectNode("国防", "国防动员"));
    }

    @Test
    void aDeclarationListingSeveralCategoriesIsNoLabelThoughItIsTheNoticesSubject() {
        CrawlExamples examples = new CrawlExamples(20);
        var listed = CrawlNotices.withSubject(CrawlNotices.enriched("a", 1, TITLE, BODY, "国防,工业、交通"));
        assertThat(listed.subject().declared().match()).isEqualTo("listed");
        assertThat(listed.subject().first()).isEqualTo("国防");

        assertThat(examples.accept("a", listed)).isFalse();
        assertThat(examples.size()).isZero();
        examples.accept("a", CrawlNotices.withSubject(CrawlNotices.enriched("a", 2, TITLE, BODY, "国防")));
        assertThat(examples.size()).isEqualTo(1);
        assertThat(examples.accept(
                        "a", CrawlNotices.withSubject(CrawlNotices.enriched("a", 3, TITLE, BODY, "国防,工业、交通"))))
                .as("a later version that lists several categories removes the example")
                .isTrue();
        assertThat(examples.size()).isZero();
    }

    @Test
    void aDeclaredCatchAllOtherIsNoLabelButAnOtherUnderASubjectTeachesThatSubject() {
        CrawlExamples examples = new CrawlExamples(20);
        // Hebei files toll-road replies and nature reserves under a bare 其他: no subject to learn
        assertThat(examples.accept("a", CrawlNotices.withSubject(CrawlNotices.enriched("a", 1, TITLE, BODY, "其他"))))
                .isFalse();
        assertThat(examples.accept("b", CrawlNotices.withSubject(CrawlNotices.enriched("b", 1, TITLE, BODY, "其他\\其他"))))
                .isFalse();
        assertThat(examples.size()).isZero();

        examples.accept("c", CrawlNotices.withSubject(CrawlNotices.enriched("c", 1, TITLE, BODY, "国防\\其他")));
        assertThat(all(examples)).extracting(LabelledNotice::label).containsExactly(SubjectNode.of("国防"));
    }

    @Test
    void mirrorsCountOnceAndATombstoneOrANewerVersionReplacesTheExample() {
        CrawlExamples examples = new CrawlExamples(20);
        examples.accept("a", CrawlNotices.withSubject(CrawlNotices.enriched("a", 2, TITLE, BODY, "国防")));
        // the same text on a mirror site, with other punctuation and width
        examples.accept(
                "m",
                CrawlNotices.withSubject(
                        CrawlNotices.enriched("m", 1, TITLE.replace("2024", "２０２４"), BODY.replace("，", ","), "国防")));
        assertThat(examples.size()).isEqualTo(1);

        assertThat(examples.accept("a", CrawlNotices.withSubject(CrawlNotices.enriched("a", 1, TITLE, BODY, "综合政务"))))
                .as("an older replay changes nothing")
                .isFalse();
        examples.accept("a", null);
        assertThat(examples.size()).as("the mirror still carries the example").isEqualTo(1);
        examples.accept("m", CrawlNotices.withSubject(CrawlNotices.enriched("m", 3, TITLE, BODY, "综合政务")));
        assertThat(all(examples)).extracting(LabelledNotice::label).containsExactly(SubjectNode.of("综合政务"));
        examples.accept("m", null);
        assertThat(examples.size()).isZero();
    }

    @Test
    void aBodyThatOpensWithTheTitleAgainAlsoHasTheMirrorKeyOfTheSameBodyWithoutIt() {
        String title = "人力资源社会保障部关于进一步做好疫情防控工作的通知";
        String body = "人社部明电〔2020〕1号\n各省、自治区、直辖市人力资源社会保障厅（局）：\n" + BODY;

        assertThat(MirrorKey.variants(title, title + "\n" + body))
                .containsExactly(MirrorKey.of(title, title + "\n" + body), MirrorKey.of(title, body));
        assertThat(MirrorKey.variants(title, body)).containsExactly(MirrorKey.of(title, body));
    }

    @Test
    void theSplitIsFixedByMirrorKeySoMirrorsNeverStraddleIt() {
        CrawlExamples examples = new CrawlExamples(20);
        int evaluation = 0;
        for (int i = 0; i < 500; i++) {
            String title = "关于第" + i + "批征兵工作的通知";
            examples.accept("n" + i, CrawlNotices.withSubject(CrawlNotices.enriched("n" + i, 1, title, BODY, "国防")));
            examples.accept("m" + i, CrawlNotices.withSubject(CrawlNotices.enriched("m" + i, 1, title, BODY, "国防")));
            evaluation += examples.isEvaluation(MirrorKey.of(title, BODY)) ? 1 : 0;
        }
        assertThat(examples.size()).isEqualTo(500);
        assertThat(examples.evaluation()).hasSize(evaluation);
        assertThat(examples.training()).hasSize(500 - evaluation);
        assertThat(evaluation).isBetween(60, 140); // about 20 % of the keys
        assertThat(examples.training()).doesNotContainAnyElementsOf(examples.evaluation());
    }

    @Test
    void theEvaluationSideOfASmallerPercentIsPartOfTodaysAndTheRestWasTrainingSideThen() {
        CrawlExamples twenty = new CrawlExamples(20);
        CrawlExamples ten = new CrawlExamples(10);
        for (int i = 0; i < 500; i++) {
            String title = "关于第" + i + "批征兵工作的通知";
            twenty.accept("n" + i, CrawlNotices.withSubject(CrawlNotices.enriched("n" + i, 1, title, BODY, "国防")));
            ten.accept("n" + i, CrawlNotices.withSubject(CrawlNotices.enriched("n" + i, 1, title, BODY, "国防")));
        }

        assertThat(twenty.evaluation(10)).containsExactlyElementsOf(ten.evaluation());
        assertThat(twenty.evaluation())
                .containsAll(ten.evaluation())
                .hasSizeGreaterThan(ten.evaluation().size());
        java.util.List<LabelledNotice> rest = new java.util.ArrayList<>(twenty.evaluation());
        rest.removeAll(ten.evaluation());
        assertThat(ten.training())
                .as("a model trained with 10 %% trained on the rest")
                .containsAll(rest);
        assertThat(twenty.evaluation(30)).as("never wider than its own").isEqualTo(twenty.evaluation());
    }

    private static java.util.List<LabelledNotice> all(CrawlExamples examples) {
        java.util.List<LabelledNotice> all = new java.util.ArrayList<>(examples.training());
        all.addAll(examples.evaluation());
        return all;
    }
}
