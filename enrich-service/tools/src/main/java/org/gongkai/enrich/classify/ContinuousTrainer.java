package org.gongkai.enrich.classify;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.MalformedEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns from the crawl, on Kafka only: reads {@code notices.enriched}, keeps the notices whose page declared a
 * category that maps to the national taxonomy ({@link CrawlExamples}: never the classifier's own predictions, mirrors
 * once, a fixed evaluation slice), and once there are {@link Settings#minExamples()} of them trains a candidate after
 * every {@link Settings#retrainEvery()} changes. The candidate and the current model (the registry's, else the
 * shipped one) are evaluated on the evaluation slice less every example that is a copy of a notice any model may
 * have trained on (the shipped real notices: the shipped model trained on all of them), narrowed to the keys the
 * current model never trained on when it was trained with a smaller {@code --eval-percent} ({@link
 * CurrentModelSplit}), so on notices neither has trained on; the candidate is promoted into the {@link ModelRegistry}
 * only when its first-level macro-F1 beats the current model's by {@link Settings#minGain()} (accuracy breaks a tie)
 * and no operator's rollback holds promotions (then it is logged as held, not promoted). Until then the shipped model
 * stays: the trainer works from zero. While it waits, the reason (examples had and needed) is logged once when it
 * changes.
 *
 * <p>Fed by a {@link TopicFollower} (which also reads partitions added to the topic while it runs). Not thread-safe:
 * one instance per process, fed by one consumer thread. Failure semantics: a malformed record is counted and skipped;
 * a failed training run or registry write propagates (the process stops, the registry keeps its last complete
 * state). The examples live in memory: a restart reads the topic from the beginning again.
 */
public final class ContinuousTrainer {

    private static final Logger log = LoggerFactory.getLogger(ContinuousTrainer.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * When and how to train.
     *
     * @param minExamples   distinct labelled crawl examples (training side) before the first candidate
     * @param retrainEvery  changes to the examples between two candidates
     * @param minEvaluation evaluation-slice examples needed to compare models at all
     * @param minGain       macro-F1 a candidate must gain over the current model to be promoted
     * @param options       training options (the version is set per candidate)
     */
    public record Settings(
            int minExamples, int retrainEvery, int minEvaluation, double minGain, SubjectTrainer.Options options) {

        /** 500 examples, every 200 changes, 100 to evaluate on, a gain of 0.01. */
        public static Settings defaults() {
            return new Settings(500, 200, 100, 0.01, SubjectTrainer.Options.defaults("subject-crawl"));
        }

        public Settings {
            if (minExamples < 1 || retrainEvery < 1 || minEvaluation < 1 || minGain < 0) {
                throw new IllegalArgumentException("counts >= 1, gain >= 0");
            }
        }
    }

    /**
     * The outcome of one {@link #maybeTrain()}.
     *
     * @param attempted        whether a candidate was trained
     * @param promoted         whether it became current
     * @param candidateVersion its version ({@code null} when not attempted)
     * @param currentVersion   the version it was compared with
     * @param candidate        the candidate's first-level evaluation on the evaluation slice
     * @param current          the current model's, on the same slice
     * @param reason           why (printable)
     */
    public record Decision(
            boolean attempted,
            boolean promoted,
            String candidateVersion,
            String currentVersion,
            Evaluation candidate,
            Evaluation current,
            String reason) {}

    private final SubjectTrainer trainer;
    private final ModelRegistry registry;
    private final CrawlExamples examples;
    private final List<LabelledNotice> base;
    private final Set<String> seenKeys;
    private final Settings settings;
    private final Clock clock;
    private long changesAtLastAttempt = -1; // -1: no candidate yet
    private long malformed;
    private final WaitingLines waiting;
    private final CurrentModelSplit split;

    /** At most one "caught up" waiting line in this long (besides a line whenever the reason's kind changes). */
    static final Duration CAUGHT_UP_LINE_EVERY = WaitingLines.CAUGHT_UP_LINE_EVERY;

    /**
     * As {@link #ContinuousTrainer(SubjectTrainer, ModelRegistry, CrawlExamples, List, List, Settings, Clock)} with
     * {@code seenByEveryModel = base}.
     */
    public ContinuousTrainer(
            SubjectTrainer trainer,
            ModelRegistry registry,
            CrawlExamples examples,
            List<LabelledNotice> base,
            Settings settings,
            Clock clock) {
        this(trainer, registry, examples, base, base, settings, clock);
    }

    /**
     * @param base             notices every candidate also trains on (e.g. the shipped real notices), may be empty
     * @param seenByEveryModel notices any model may have trained on (the shipped model was trained on the shipped real
     *                         notices, and so were candidates of every trainer version that trained on a base): a
     *                         crawled example whose mirror key is one of theirs ({@link MirrorKey#variants}) is left
     *                         out of the evaluation slice, where it would be in-sample for them
     */
    public ContinuousTrainer(
            SubjectTrainer trainer,
            ModelRegistry registry,
            CrawlExamples examples,
            List<LabelledNotice> base,
            List<LabelledNotice> seenByEveryModel,
            Settings settings,
            Clock clock) {
        this.trainer = trainer;
        this.registry = registry;
        this.examples = examples;
        this.base = List.copyOf(base);
        Set<String> keys = new HashSet<>();
        for (LabelledNotice n : seenByEveryModel) {
            keys.addAll(MirrorKey.variants(n.title(), n.body()));
        }
        this.seenKeys = Set.copyOf(keys);
        this.settings = settings;
        this.clock = clock;
        this.waiting = new WaitingLines(clock);
        this.split = new CurrentModelSplit(examples.evalPercent());
    }

    /** Takes one record of the topic ({@code value == null}: tombstone). */
    public void accept(String key, byte[] value) {
        if (key == null) {
            malformed++;
            return;
        }
        EnrichedNotice notice = null;
        if (value != null) {
            try {
                notice = EventCodec.instance().readEnriched(value);
            } catch (MalformedEventException e) {
                malformed++;
                return;
            }
        }
        examples.accept(key, notice);
    }

    /** Malformed records skipped so far. */
    public long malformed() {
        return malformed;
    }

    /**
     * Trains and compares a candidate when there are enough (new) examples; promotes it when it is better and the
     * registry does not hold promotions ({@link ModelRegistry#hold()}: an operator's rollback).
     */
    public Decision maybeTrain() throws IOException {
        List<LabelledNotice> training = examples.training();
        int percent = split.percent(registry, registry.current()); // narrower when the current model trained on more
        CrawlExamples.Slice slice = examples.evaluation(percent, seenKeys::contains);
        List<LabelledNotice> evaluation = slice.notices();
        int inSample = slice.leftOut();
        if (training.size() < settings.minExamples()) {
            return skipped(
                    "training",
                    String.format(
                            Locale.ROOT,
                            "waiting for examples: %d training examples of %d needed, %d evaluation examples of %d"
                                    + " needed (%d distinct labelled notices so far; %d left out of the evaluation"
                                    + " as notices every model may have trained on)",
                            training.size(),
                            settings.minExamples(),
                            evaluation.size(),
                            settings.minEvaluation(),
                            examples.size(),
                            inSample));
        }
        if (changesAtLastAttempt >= 0 && examples.changes() - changesAtLastAttempt < settings.retrainEvery()) {
            return skipped(
                    "changes",
                    "waiting for changes: " + (examples.changes() - changesAtLastAttempt)
                            + " since the last candidate, " + settings.retrainEvery() + " needed");
        }
        if (evaluation.size() < settings.minEvaluation()) {
            return skipped(
                    "evaluation",
                    "waiting for examples: " + evaluation.size() + " evaluation examples of " + settings.minEvaluation()
                            + " needed (" + training.size() + " training examples; " + inSample
                            + " left out of the evaluation as notices every model may have trained on)");
        }
        changesAtLastAttempt = examples.changes();
        String version = "subject-crawl-" + STAMP.format(clock.instant()) + "-" + training.size();
        SubjectTrainer.Options options = settings.options().withVersion(version);
        // calibration: a stratified 10 % of the crawl's training side (and of the base), never the evaluation side
        List<List<LabelledNotice>> crawl = StratifiedSplit.split(training, options.seed(), 0.1, 0);
        List<List<LabelledNotice>> fixed = StratifiedSplit.split(base, options.seed(), 0.1, 0);
        List<LabelledNotice> train = new ArrayList<>(fixed.get(0));
        train.addAll(crawl.get(0));
        List<LabelledNotice> calibration = new ArrayList<>(fixed.get(1));
        calibration.addAll(crawl.get(1));
        SubjectTrainer.Result result = trainer.train(train, calibration, List.of(), options);
        // a rollback since the slice was chosen holds promotions: a slice chosen for the version before cannot promote
        SubjectModel current = registry.currentModel();
        Evaluation candidateEval = trainer.evaluate(result.model(), evaluation);
        Evaluation currentEval = trainer.evaluate(current, evaluation);
        boolean better = candidateEval.macroF1() > currentEval.macroF1() + settings.minGain()
                || candidateEval.macroF1() == currentEval.macroF1() + settings.minGain()
                        && candidateEval.accuracy() > currentEval.accuracy();
        String reason = String.format(
                Locale.ROOT,
                "candidate %s macro-F1 %.4f accuracy %.4f vs current %s macro-F1 %.4f accuracy %.4f"
                        + " on %d evaluation examples (%d left out: notices every model may have trained on)%s"
                        + " (trained on %d crawl + %d base); %s",
                version,
                candidateEval.macroF1(),
                candidateEval.accuracy(),
                current.version(),
                currentEval.macroF1(),
                currentEval.accuracy(),
                evaluation.size(),
                inSample,
                percent < examples.evalPercent() ? " of the " + percent + " % of keys it never trained on" : "",
                crawl.get(0).size(),
                fixed.get(0).size(),
                split.note());
        Optional<ModelRegistry.Hold> hold = better ? registry.hold() : Optional.empty();
        boolean promote = better && hold.isEmpty();
        if (promote) {
            registry.promote(result.artefact(), reason);
            log.info("promoted: {}", reason);
        } else if (hold.isPresent()) {
            log.info(
                    "held, not promoted: {}; promotions {}; an operator releases them with RollbackSubjectModel"
                            + " --registry DIR --resume",
                    reason,
                    hold.get());
        } else {
            log.info("kept current: {}", reason);
        }
        waiting.attempted();
        return new Decision(
                true,
                promote,
                version,
                current.version(),
                candidateEval,
                currentEval,
                hold.isPresent() ? reason + "; promotions " + hold.get() : reason);
    }

    private Decision skipped(String kind, String reason) {
        waiting.skipped(kind, reason);
        return new Decision(false, false, null, null, null, null, reason);
    }

    /**
     * The reader ({@link TopicFollower}) caught up with the topic after a poll whose decision, not to train, said
     * {@code reason}: logged at most once every {@link #CAUGHT_UP_LINE_EVERY} ({@link WaitingLines}).
     */
    void caughtUp(String reason) {
        waiting.caughtUp(reason);
    }
}
