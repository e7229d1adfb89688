package org.gongkai.enrich.classify;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * shipped one) are evaluated on the evaluation slice, which neither has trained on; the candidate is promoted into
 * the {@link ModelRegistry} only when its first-level macro-F1 beats the current model's by
 * {@link Settings#minGain()} (accuracy breaks a tie). Until then the shipped model stays: the trainer works from zero.
 *
 * <p>Not thread-safe: one instance per process, fed by one consumer thread. Failure semantics: a malformed record is
 * counted and skipped; a failed training run or registry write propagates (the process stops, the registry keeps its
 * last complete state). The examples live in memory: a restart reads the topic from the beginning again.
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
    private final Settings settings;
    private final Clock clock;
    private long changesAtLastAttempt = -1; // -1: no candidate yet
    private long malformed;

    /**
     * @param base notices every candidate also trains on (e.g. the shipped real notices), may be empty; those whose
     *             mirror key (either {@link MirrorKey#variants}) is on the evaluation side are left out (training and
     *             calibration), so that a crawled copy of one of them is evaluated on and never trained on
     */
    public ContinuousTrainer(
            SubjectTrainer trainer,
            ModelRegistry registry,
            CrawlExamples examples,
            List<LabelledNotice> base,
            Settings settings,
            Clock clock) {
        this.trainer = trainer;
        this.registry = registry;
        this.examples = examples;
        this.base = base.stream()
                .filter(n -> MirrorKey.variants(n.title(), n.body()).stream().noneMatch(examples::isEvaluation))
                .toList();
        this.settings = settings;
        this.clock = clock;
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

    /** Trains and compares a candidate when there are enough (new) examples; promotes it when it is better. */
    public Decision maybeTrain() throws IOException {
        List<LabelledNotice> training = examples.training();
        if (training.size() < settings.minExamples()) {
            return skipped("" + training.size() + " training examples, " + settings.minExamples() + " needed");
        }
        if (changesAtLastAttempt >= 0 && examples.changes() - changesAtLastAttempt < settings.retrainEvery()) {
            return skipped("fewer than " + settings.retrainEvery() + " changes since the last candidate");
        }
        List<LabelledNotice> evaluation = examples.evaluation();
        if (evaluation.size() < settings.minEvaluation()) {
            return skipped("" + evaluation.size() + " evaluation examples, " + settings.minEvaluation() + " needed");
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
        SubjectModel current = registry.currentModel();
        Evaluation candidateEval = trainer.evaluate(result.model(), evaluation);
        Evaluation currentEval = trainer.evaluate(current, evaluation);
        boolean better = candidateEval.macroF1() > currentEval.macroF1() + settings.minGain()
                || candidateEval.macroF1() == currentEval.macroF1() + settings.minGain()
                        && candidateEval.accuracy() > currentEval.accuracy();
        String reason = String.format(
                Locale.ROOT,
                "candidate %s macro-F1 %.4f accuracy %.4f vs current %s macro-F1 %.4f accuracy %.4f"
                        + " on %d evaluation examples (trained on %d crawl + %d base)",
                version,
                candidateEval.macroF1(),
                candidateEval.accuracy(),
                current.version(),
                currentEval.macroF1(),
                currentEval.accuracy(),
                evaluation.size(),
                crawl.get(0).size(),
                fixed.get(0).size());
        if (better) {
            registry.promote(result.artefact(), reason);
        }
        log.info("{}: {}", better ? "promoted" : "kept current", reason);
        return new Decision(true, better, version, current.version(), candidateEval, currentEval, reason);
    }

    private Decision skipped(String reason) {
        return new Decision(false, false, null, null, null, null, reason);
    }

    /**
     * Reads the consumer's records until {@code stop} says so, trying a candidate after every poll that brought
     * records. The consumer is the caller's (subscribed or assigned, {@code read_committed}); offsets are not
     * committed here: the examples are rebuilt from the beginning of the topic on every start.
     */
    public void run(Consumer<String, byte[]> consumer, Duration poll, BooleanSupplier stop) throws IOException {
        while (!stop.getAsBoolean()) {
            boolean any = false;
            for (ConsumerRecord<String, byte[]> record : consumer.poll(poll)) {
                accept(record.key(), record.value());
                any = true;
            }
            if (any) {
                maybeTrain();
            }
        }
    }
}
