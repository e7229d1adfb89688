package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trains from scratch on the project's corpus with the default (fixed) seed: nothing here is hard-coded. */
class SubjectTrainingTest {

    private static List<LabelledNotice> corpus;
    private static SubjectTrainer trainer;
    private static SubjectTrainer.Result result;

    @BeforeAll
    static void train() throws IOException {
        corpus = CorpusGeneratorTest.corpus();
        Taxonomy taxonomy = Taxonomy.national();
        trainer = new SubjectTrainer(taxonomy, KeywordBaseline.standard(taxonomy));
        result = trainer.train(corpus, SubjectTrainer.Options.defaults("subject-1-synthetic"));
    }

    @Test
    void modelIsMoreAccurateThanTheKeywordBaselineWhereItAnswers() {
        // the model abstains below its threshold (counted wrong in accuracy), the baseline answers whenever a
        // keyword hits: compare them where each answers
        assertThat(result.model1().total()).isEqualTo(result.baseline().total()).isGreaterThan(400);
        assertThat(result.model1().coveredAccuracy())
                .isGreaterThan(result.baseline().coveredAccuracy());
        assertThat(result.model1().coverage()).isGreaterThan(0.5);
        System.out.print(result.report());
    }

    @Test
    void heldOutSplitIsDisjointFromTrainingAndStratified() {
        List<List<LabelledNotice>> sets = StratifiedSplit.split(
                corpus, SubjectTrainer.Options.defaults("x").seed());
        Set<LabelledNotice> train = new HashSet<>(sets.get(0));
        assertThat(sets.get(2)).noneMatch(train::contains);
        assertThat(sets.get(1)).noneMatch(train::contains);
        assertThat(sets.get(0).size() + sets.get(1).size() + sets.get(2).size()).isEqualTo(corpus.size());
        Set<SubjectNode> testLabels = new HashSet<>();
        sets.get(2).stream()
                .filter(n -> !n.background())
                .forEach(n -> testLabels.add(n.label().firstLevel()));
        assertThat(testLabels).hasSize(22);
    }

    @Test
    void backgroundNoticesAreMostlyLeftUnclassified() {
        assertThat(result.background()).isEqualTo(30); // 20 % of 150
        assertThat(result.backgroundUnclassified()).isGreaterThan(0.8);
    }

    @Test
    void calibratedScoresMatchAccuracy() {
        // expected calibration error over 10 bins: a calibrated model's confidence tracks its accuracy
        assertThat(result.model1().calibrationError()).isLessThan(0.05);
        assertThat(result.model1().coveredAccuracy())
                .isGreaterThanOrEqualTo(result.model1().accuracy());
    }

    @Test
    void shippedModelIsTheOneTheTrainingCommandBuildsAndTrainingIsReproducible() throws IOException {
        List<RealNotices.RealNotice> real = RealNotices.shipped(DeclaredCategoryMapper.standard(), new int[1]);
        SubjectTrainer.Options options =
                SubjectTrainer.Options.defaults(SubjectModel.loadDefault().version());
        byte[] first = EvaluateOnRealNotices.trainFinal(
                        trainer, corpus, real, options, EvaluateOnRealNotices.DEFAULT_REAL_WEIGHT, true)
                .artefact();
        byte[] second = EvaluateOnRealNotices.trainFinal(
                        trainer, corpus, real, options, EvaluateOnRealNotices.DEFAULT_REAL_WEIGHT, true)
                .artefact();
        assertThat(second).isEqualTo(first);
        try (InputStream in = SubjectModel.class.getResourceAsStream(SubjectModel.DEFAULT_RESOURCE)) {
            assertThat(in.readAllBytes()).isEqualTo(first);
        }
    }

    @Test
    void differentSeedGivesADifferentModel() {
        SubjectTrainer.Options defaults = SubjectTrainer.Options.defaults("subject-1-synthetic");
        SubjectTrainer.Options other = new SubjectTrainer.Options(
                defaults.version(),
                defaults.seed() + 1,
                14,
                defaults.maxChars(),
                3,
                defaults.learningRate(),
                defaults.l2());
        assertThat(trainer.train(corpus, other).artefact()).isNotEqualTo(result.artefact());
    }
}
