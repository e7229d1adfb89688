package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.gongkai.events.EventCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real training on a slice of the generated corpus, fed as enriched events with declared categories. */
class ContinuousTrainerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
    private static final java.time.Duration ONE_MINUTE = java.time.Duration.ofMinutes(1);
    private static List<LabelledNotice> notices;
    private static SubjectTrainer trainer;
    private static List<String> firstLevels;

    @TempDir
    Path dir;

    @BeforeAll
    static void corpus() throws IOException {
        List<LabelledNotice> all = CorpusGeneratorTest.corpus();
        notices = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 3) {
            if (!all.get(i).background()) {
                notices.add(all.get(i));
            }
        }
        Taxonomy taxonomy = Taxonomy.national();
        trainer = new SubjectTrainer(taxonomy, KeywordBaseline.standard(taxonomy));
        firstLevels = taxonomy.firstLevels();
    }

    private static ContinuousTrainer.Settings settings() {
        return new ContinuousTrainer.Settings(300, 1, 50, 0.0, SubjectTrainer.Options.defaults("x"));
    }

    /** A first level that is not the notice's: labels that teach nothing. */
    private static String wrong(LabelledNotice n) {
        return firstLevels.get((firstLevels.indexOf(n.label().first()) + 7) % firstLevels.size());
    }

    private static void feed(ContinuousTrainer trainer, CrawlExamples examples, boolean wrongTraining) {
        for (int i = 0; i < notices.size(); i++) {
            LabelledNotice n = notices.get(i);
            boolean evaluation = examples.isEvaluation(MirrorKey.of(n.title(), n.body()));
            String declared =
                    wrongTraining && !evaluation ? wrong(n) : n.label().path();
            trainer.accept(
                    "n" + i,
                    EventCodec.instance()
                            .write(CrawlNotices.withSubject(
                                    CrawlNotices.enriched("n" + i, 1, n.title(), n.body(), declared))));
        }
    }

    @Test
    void withTooFewExamplesTheShippedModelStays() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, CLOCK);
        CrawlExamples examples = new CrawlExamples(20);
        ContinuousTrainer continuous = new ContinuousTrainer(
                trainer,
                registry,
                examples,
                List.of(),
                new ContinuousTrainer.Settings(5_000, 1, 50, 0.0, SubjectTrainer.Options.defaults("x")),
                CLOCK);
        feed(continuous, examples, false);
        continuous.accept("broken", "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        ContinuousTrainer.Decision decision = continuous.maybeTrain();

        assertThat(decision.attempted()).isFalse();
        assertThat(decision.reason()).contains("5000 needed");
        assertThat(continuous.malformed()).isEqualTo(1);
        assertThat(registry.current()).isEmpty();
        assertThat(registry.currentModel().version())
                .isEqualTo(SubjectModel.loadDefault().version());
    }

    @Test
    void aBetterCandidateIsPromotedAndBecomesTheCurrentVersion() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, CLOCK);
        // the current model learnt wrong labels
        List<LabelledNotice> mislabelled = notices.stream()
                .map(n -> new LabelledNotice(n.title(), n.body(), n.attachments(), SubjectNode.of(wrong(n))))
                .toList();
        registry.promote(
                trainer.train(mislabelled, List.of(), List.of(), SubjectTrainer.Options.defaults("subject-bad"))
                        .artefact(),
                "test");
        CrawlExamples examples = new CrawlExamples(20);
        ContinuousTrainer continuous = new ContinuousTrainer(trainer, registry, examples, List.of(), settings(), CLOCK);
        feed(continuous, examples, false);

        ContinuousTrainer.Decision decision = continuous.maybeTrain();

        assertThat(decision.attempted()).isTrue();
        assertThat(decision.promoted()).isTrue();
        assertThat(decision.currentVersion()).isEqualTo("subject-bad");
        assertThat(decision.candidate().macroF1())
                .isGreaterThan(decision.current().macroF1());
        assertThat(registry.current()).contains(decision.candidateVersion());
        assertThat(decision.candidateVersion()).startsWith("subject-crawl-20261204120000-");
        // the version travels: a classifier on the registry's model stamps it on every notice
        SubjectClassifier classifier = new SubjectClassifier(
                registry.currentModel(), DeclaredCategoryMapper.standard(), SubjectClassifier.Settings.DEFAULTS);
        assertThat(classifier
                        .classify("关于征兵工作的通知", "兵役登记", null, null)
                        .toEvent()
                        .modelVersion())
                .isEqualTo(decision.candidateVersion());
        assertThat(registry.versions()).containsExactly("subject-bad", decision.candidateVersion());
        assertThat(registry.history().get(registry.history().size() - 1))
                .as("the promotion records the split its candidate was trained with")
                .endsWith("; trained with --eval-percent 20");
        // and an operator can go back
        assertThat(registry.rollback("test")).isEqualTo("subject-bad");
        assertThat(registry.currentModel().version()).isEqualTo("subject-bad");

        assertThat(continuous.maybeTrain().attempted())
                .as("no new examples since the last candidate")
                .isFalse();
    }

    @Test
    void aCurrentModelTrainedWithASmallerEvalPercentIsComparedOnlyOnTheKeysItNeverTrainedOn() throws IOException {
        // the operator raised --eval-percent from 10 to 20: the current model trained on the keys of buckets 10-19
        CrawlExamples ten = new CrawlExamples(10);
        java.util.Set<String> keys = new java.util.HashSet<>();
        List<LabelledNotice> trainedOn = new ArrayList<>();
        for (LabelledNotice n : notices) {
            String key = MirrorKey.of(n.title(), n.body());
            if (keys.add(key) && !ten.isEvaluation(key)) {
                trainedOn.add(n);
            }
        }
        ModelRegistry registry = new ModelRegistry(dir, 3, CLOCK);
        registry.promote(
                trainer.train(trainedOn, List.of(), List.of(), SubjectTrainer.Options.defaults("subject-ten"))
                        .artefact(),
                "candidate subject-ten …; trained with --eval-percent 10");
        CrawlExamples examples = new CrawlExamples(20);
        ContinuousTrainer continuous = new ContinuousTrainer(trainer, registry, examples, List.of(), settings(), CLOCK);
        feed(continuous, examples, false);
        long neverTrainedOn = examples.evaluation().stream()
                .filter(n -> ten.isEvaluation(MirrorKey.of(n.title(), n.body())))
                .count();
        assertThat(neverTrainedOn).isPositive().isLessThan(examples.evaluation().size());

        ContinuousTrainer.Decision decision = continuous.maybeTrain();

        assertThat(decision.attempted()).isTrue();
        assertThat(decision.currentVersion()).isEqualTo("subject-ten");
        assertThat(decision.reason())
                .contains("on " + neverTrainedOn + " evaluation examples (0 left out: notices every model may have"
                        + " trained on) of the 10 % of keys it never trained on")
                .endsWith("; trained with --eval-percent 20");
    }

    @Test
    void crawledCopiesOfNoticesEveryModelMayHaveTrainedOnAreLeftOutOfTheEvaluationAndSaidSo() throws IOException {
        CrawlExamples examples = new CrawlExamples(20);
        // the base: every second notice, as the shipped real notices are (the body opens with the title again, which
        // a crawled page's body does not); the shipped model trained on all of it, candidates do too
        List<LabelledNotice> base = new ArrayList<>();
        for (int i = 0; i < notices.size(); i += 2) {
            LabelledNotice n = notices.get(i);
            base.add(new LabelledNotice(n.title(), n.title() + "\n" + n.body(), n.attachments(), n.label()));
        }
        ContinuousTrainer continuous =
                new ContinuousTrainer(trainer, new ModelRegistry(dir, 3, CLOCK), examples, base, settings(), CLOCK);
        feed(continuous, examples, false);
        // the crawled pages' bodies do not repeat the title: their keys are those of the base without it
        java.util.Set<String> baseKeys = base.stream()
                .map(n -> MirrorKey.of(n.title(), n.body().substring(n.title().length() + 1)))
                .collect(java.util.stream.Collectors.toSet());
        long evaluationSide = examples.evaluation().size();
        long baseOnEvaluationSide = examples.evaluation().stream()
                .filter(n -> baseKeys.contains(MirrorKey.of(n.title(), n.body())))
                .count();
        assertThat(baseOnEvaluationSide).isPositive().isLessThan(evaluationSide);

        ContinuousTrainer.Decision decision = continuous.maybeTrain();

        assertThat(decision.attempted()).isTrue();
        assertThat(decision.reason())
                .contains("on " + (evaluationSide - baseOnEvaluationSide) + " evaluation examples ("
                        + baseOnEvaluationSide + " left out: notices every model may have trained on)")
                .as("the whole base is trained on: none of it is evaluated on")
                .contains("+ "
                        + StratifiedSplit.split(base, settings().options().seed(), 0.1, 0)
                                .get(0)
                                .size() + " base)");
    }

    @Test
    void withoutABaseTheShippedNoticesAreStillLeftOutOfTheEvaluation() throws IOException {
        CrawlExamples examples = new CrawlExamples(20);
        List<LabelledNotice> shipped = notices.subList(0, notices.size() / 2);
        long left = shipped.stream()
                .filter(n -> examples.isEvaluation(MirrorKey.of(n.title(), n.body())))
                .count();
        ContinuousTrainer continuous = new ContinuousTrainer(
                trainer, new ModelRegistry(dir, 3, CLOCK), examples, List.of(), shipped, settings(), CLOCK);
        feed(continuous, examples, false);

        ContinuousTrainer.Decision decision = continuous.maybeTrain();

        assertThat(decision.reason()).contains("(" + left + " left out: ").contains("+ 0 base)");
    }

    @Test
    void aRollbackHoldsPromotionsAcrossARestartUntilTheOperatorReleasesThem() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, CLOCK);
        List<LabelledNotice> mislabelled = notices.stream()
                .map(n -> new LabelledNotice(n.title(), n.body(), n.attachments(), SubjectNode.of(wrong(n))))
                .toList();
        registry.promote(
                trainer.train(mislabelled, List.of(), List.of(), SubjectTrainer.Options.defaults("subject-bad"))
                        .artefact(),
                "test");
        CrawlExamples examples = new CrawlExamples(20);
        ContinuousTrainer first = new ContinuousTrainer(trainer, registry, examples, List.of(), settings(), CLOCK);
        feed(first, examples, false);
        String promoted = first.maybeTrain().candidateVersion();
        assertThat(registry.current()).contains(promoted);

        registry.rollback("operator");
        // a restarted trainer rebuilds the same examples and trains the same candidate
        CrawlExamples again = new CrawlExamples(20);
        ContinuousTrainer restarted =
                new ContinuousTrainer(trainer, registry, again, List.of(), settings(), Clock.offset(CLOCK, ONE_MINUTE));
        feed(restarted, again, false);
        ContinuousTrainer.Decision held = restarted.maybeTrain();

        assertThat(held.attempted()).isTrue();
        assertThat(held.promoted()).isFalse();
        assertThat(held.candidate().macroF1()).isGreaterThan(held.current().macroF1());
        assertThat(held.reason())
                .contains("promotions held since 2026-12-04T12:00:00Z (rollback from " + promoted
                        + " to subject-bad, operator)");
        assertThat(registry.current()).contains("subject-bad");

        assertThat(registry.release("operator")).isTrue();
        CrawlExamples third = new CrawlExamples(20);
        ContinuousTrainer released = new ContinuousTrainer(
                trainer, registry, third, List.of(), settings(), Clock.offset(CLOCK, ONE_MINUTE.multipliedBy(2)));
        feed(released, third, false);
        ContinuousTrainer.Decision after = released.maybeTrain();

        assertThat(after.promoted()).isTrue();
        assertThat(registry.current()).contains(after.candidateVersion());
    }

    @Test
    void aWorseCandidateIsNotPromoted() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, CLOCK);
        CrawlExamples examples = new CrawlExamples(20);
        ContinuousTrainer continuous = new ContinuousTrainer(trainer, registry, examples, List.of(), settings(), CLOCK);
        // the crawl's training side is mislabelled, its evaluation side is right
        feed(continuous, examples, true);

        ContinuousTrainer.Decision decision = continuous.maybeTrain();

        assertThat(decision.attempted()).isTrue();
        assertThat(decision.promoted()).isFalse();
        assertThat(decision.candidate().macroF1()).isLessThan(decision.current().macroF1());
        assertThat(registry.current()).as("the shipped model stays current").isEmpty();
        assertThat(registry.versions()).isEmpty();
    }

    @Test
    void trainingIsReproducible() throws IOException {
        CrawlExamples a = new CrawlExamples(20);
        CrawlExamples b = new CrawlExamples(20);
        ContinuousTrainer first = new ContinuousTrainer(
                trainer, new ModelRegistry(dir.resolve("a"), 3, CLOCK), a, List.of(), settings(), CLOCK);
        ContinuousTrainer second = new ContinuousTrainer(
                trainer, new ModelRegistry(dir.resolve("b"), 3, CLOCK), b, List.of(), settings(), CLOCK);
        feed(first, a, false);
        feed(second, b, false);
        ContinuousTrainer.Decision x = first.maybeTrain();
        ContinuousTrainer.Decision y = second.maybeTrain();
        assertThat(x.promoted()).isEqualTo(y.promoted());
        assertThat(x.candidate().macroF1()).isEqualTo(y.candidate().macroF1());
        if (x.promoted()) {
            assertThat(java.nio.file.Files.readAllBytes(new ModelRegistry(dir.resolve("a"), 3, CLOCK)
                            .currentArtefact()
                            .orElseThrow()))
                    .isEqualTo(java.nio.file.Files.readAllBytes(new ModelRegistry(dir.resolve("b"), 3, CLOCK)
                            .currentArtefact()
                            .orElseThrow()));
        }
    }
}
