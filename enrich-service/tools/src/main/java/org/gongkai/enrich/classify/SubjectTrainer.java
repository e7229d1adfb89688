package org.gongkai.enrich.classify;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a {@link SubjectModel} reproducibly: a stratified split ({@link StratifiedSplit}, per label node) into
 * training (70 %), calibration (10 %) and held-out test (20 %) sets from a seeded shuffle; multinomial logistic
 * regression per level by SGD with L2 (seeded example order), background notices targeting the uniform distribution;
 * one temperature per level fitted on the calibration set; evaluation of the model, as read back from its artefact,
 * and of the {@link KeywordBaseline} on the test set only. Same corpus and options give the same model, byte for
 * byte. Not thread-safe; each call is independent.
 */
public final class SubjectTrainer {

    /**
     * Training options.
     *
     * @param version      model version written into the artefact
     * @param seed         seed of the split and of the SGD order
     * @param bits         feature space of {@code 2^bits} hashed n-grams
     * @param maxChars     body and attachment characters read per notice
     * @param epochs       SGD passes
     * @param learningRate initial SGD step, decayed as {@code rate / (1 + epoch / 2)}
     * @param l2           L2 penalty per update
     * @param weights      feature block weights (title, agency, text)
     * @param minDocs      a feature gets weights only when at least this many distinct training notices have it
     */
    public record Options(
            String version,
            long seed,
            int bits,
            int maxChars,
            int epochs,
            double learningRate,
            double l2,
            TextFeatures.Weights weights,
            int minDocs) {

        /** With the default block weights and minimum document count. */
        public Options(String version, long seed, int bits, int maxChars, int epochs, double learningRate, double l2) {
            this(version, seed, bits, maxChars, epochs, learningRate, l2, TextFeatures.Weights.DEFAULTS, 5);
        }

        public static Options defaults(String version) {
            return new Options(version, 20_240_801L, 18, 6_000, 12, 0.5, 1e-6);
        }

        /** The same options with another version. */
        public Options withVersion(String newVersion) {
            return new Options(newVersion, seed, bits, maxChars, epochs, learningRate, l2, weights, minDocs);
        }
    }

    /**
     * The outcome of a training run.
     *
     * @param model            the trained model, as read back from {@code artefact}
     * @param artefact         the model artefact (gzip), as {@link SubjectModel#write} wrote it
     * @param model1           first-level evaluation of the model on the test set
     * @param baseline         first-level evaluation of the keyword baseline on the same test set
     * @param secondAccuracy   share of test examples with a second-level label whose predicted first and second
     *                         level are both right
     * @param secondCoverage   share of those test examples given a second level at the default thresholds
     * @param secondCoveredAccuracy accuracy of the second levels given
     * @param background       background (subject-free) notices in the test set, not part of {@code model1}
     * @param backgroundUnclassified share of them the model leaves unclassified
     * @param sizes            training, calibration and test set sizes
     */
    public record Result(
            SubjectModel model,
            byte[] artefact,
            Evaluation model1,
            Evaluation baseline,
            double secondAccuracy,
            double secondCoverage,
            double secondCoveredAccuracy,
            int background,
            double backgroundUnclassified,
            int[] sizes) {

        /** The printed evaluation. */
        public String report() {
            return model1.format("model " + model.version() + ": first level, held-out test set", true)
                    + String.format(
                            java.util.Locale.ROOT,
                            "second level (first and second right): accuracy %.4f, given at thresholds %.4f, "
                                    + "accuracy of those given %.4f%n",
                            secondAccuracy,
                            secondCoverage,
                            secondCoveredAccuracy)
                    + String.format(
                            java.util.Locale.ROOT,
                            "background notices (no subject content): %d, left unclassified %.4f%n",
                            background,
                            backgroundUnclassified)
                    + baseline.format("keyword baseline: first level, same held-out test set", true)
                    + String.format(
                            java.util.Locale.ROOT,
                            "sets: train %d, calibration %d, test %d; artefact %d bytes; weights in memory %d bytes%n",
                            sizes[0],
                            sizes[1],
                            sizes[2],
                            artefact.length,
                            model.weightBytes());
        }
    }

    private final Taxonomy taxonomy;
    private final KeywordBaseline baseline;
    private final Agencies agencies;
    private final HeldOutEvaluation heldOut;

    /** With the shipped agency table. */
    public SubjectTrainer(Taxonomy taxonomy, KeywordBaseline baseline) {
        this(taxonomy, baseline, Agencies.standard());
    }

    public SubjectTrainer(Taxonomy taxonomy, KeywordBaseline baseline, Agencies agencies) {
        this(taxonomy, baseline, agencies, SubjectClassifier.Settings.DEFAULTS);
    }

    /**
     * @param evaluation the thresholds evaluations use (coverage, abstention): the service's defaults unless a tool
     *                   asks for others ({@code --threshold})
     */
    public SubjectTrainer(
            Taxonomy taxonomy, KeywordBaseline baseline, Agencies agencies, SubjectClassifier.Settings evaluation) {
        this.taxonomy = taxonomy;
        this.baseline = baseline;
        this.agencies = agencies;
        this.heldOut = new HeldOutEvaluation(taxonomy, baseline, agencies, evaluation);
    }

    /** Splits, trains, calibrates and evaluates. */
    public Result train(List<LabelledNotice> corpus, Options options) {
        List<List<LabelledNotice>> sets = StratifiedSplit.split(corpus, options.seed());
        List<LabelledNotice> train = sets.get(0);
        List<LabelledNotice> calibration = sets.get(1);
        List<LabelledNotice> test = sets.get(2);
        if (train.isEmpty() || calibration.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("corpus too small to split");
        }
        return train(train, calibration, test, options);
    }

    /**
     * Trains on {@code train}, calibrates on {@code calibration} (may be empty: temperature 1) and evaluates on
     * {@code test} (may be empty), for callers that split themselves (by source, time or mirror group).
     */
    public Result train(
            List<LabelledNotice> train, List<LabelledNotice> calibration, List<LabelledNotice> test, Options options) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("nothing to train on");
        }
        TextFeatures features = new TextFeatures(options.bits(), options.maxChars(), options.weights());
        List<FeatureVector> trainX = vectors(features, train);
        List<FeatureVector> calX = vectors(features, calibration);
        List<String> firstLabels = taxonomy.firstLevels();
        Random random = new Random(options.seed());

        int[] trainY = firstIndexes(train);
        LinearLayer first = SoftmaxRegression.fit(trainX, trainY, firstLabels.size(), options, random);
        double firstTemperature = SoftmaxRegression.temperature(first, calX, firstIndexes(calibration));

        List<List<String>> secondLabels = new ArrayList<>();
        LinearLayer[] second = new LinearLayer[firstLabels.size()];
        List<FeatureVector> secondCalX = new ArrayList<>();
        List<Integer> secondCalY = new ArrayList<>();
        List<LinearLayer> secondCalLayer = new ArrayList<>();
        for (int f = 0; f < firstLabels.size(); f++) {
            String parent = firstLabels.get(f);
            List<String> children = new ArrayList<>();
            for (String child : taxonomy.children(parent)) {
                if (train.stream()
                        .anyMatch(n -> !n.background()
                                && n.label().first().equals(parent)
                                && child.equals(n.label().second()))) {
                    children.add(child);
                }
            }
            secondLabels.add(children);
            if (children.size() < 2) {
                continue;
            }
            List<FeatureVector> xs = new ArrayList<>();
            List<Integer> ys = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                int y = childIndex(train.get(i), parent, children);
                if (y >= 0) {
                    xs.add(trainX.get(i));
                    ys.add(y);
                }
            }
            second[f] = SoftmaxRegression.fit(
                    xs, ys.stream().mapToInt(Integer::intValue).toArray(), children.size(), options, random);
            for (int i = 0; i < calibration.size(); i++) {
                int y = childIndex(calibration.get(i), parent, children);
                if (y >= 0) {
                    secondCalX.add(calX.get(i));
                    secondCalY.add(y);
                    secondCalLayer.add(second[f]);
                }
            }
        }
        double secondTemperature = SoftmaxRegression.temperature(secondCalLayer, secondCalX, secondCalY);

        SubjectModel trained = new SubjectModel(
                options.version(),
                features,
                firstLabels,
                first,
                firstTemperature,
                secondLabels,
                second,
                secondTemperature);
        byte[] artefact;
        SubjectModel model;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            trained.write(bytes);
            artefact = bytes.toByteArray();
            model = SubjectModel.read(new ByteArrayInputStream(artefact));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return heldOut.evaluate(model, artefact, test, new int[] {train.size(), calibration.size(), test.size()});
    }

    /** First-level evaluation of any model on a labelled set (background notices left out). */
    public Evaluation evaluate(SubjectModel model, List<LabelledNotice> set) {
        return heldOut.evaluate(model, new byte[0], set, new int[] {0, 0, set.size()})
                .model1();
    }

    /**
     * Evaluates a trained model and the keyword baseline on another labelled set (e.g. hand-written or crawled
     * notices the model never saw); the result's {@code sizes} are {@code [0, 0, set size]}.
     */
    public Result check(Result trained, List<LabelledNotice> set) {
        return heldOut.evaluate(trained.model(), trained.artefact(), set, new int[] {0, 0, set.size()});
    }

    private int[] firstIndexes(List<LabelledNotice> notices) {
        int[] ys = new int[notices.size()];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = notices.get(i).background()
                    ? -1
                    : taxonomy.indexOf(notices.get(i).label().first());
        }
        return ys;
    }

    private static int childIndex(LabelledNotice notice, String parent, List<String> children) {
        return !notice.background()
                        && notice.label().first().equals(parent)
                        && notice.label().second() != null
                ? children.indexOf(notice.label().second())
                : -1;
    }

    private List<FeatureVector> vectors(TextFeatures features, List<LabelledNotice> notices) {
        // a notice listed several times (weighted) shares one vector: it counts once for the document frequency
        Map<LabelledNotice, FeatureVector> seen = new IdentityHashMap<>();
        List<FeatureVector> vectors = new ArrayList<>(notices.size());
        for (LabelledNotice n : notices) {
            vectors.add(seen.computeIfAbsent(n, k -> extract(features, k)));
        }
        return vectors;
    }

    private FeatureVector extract(TextFeatures features, LabelledNotice n) {
        return features.extract(n.title(), n.body(), n.attachments(), n.publisher(), agencies);
    }
}
