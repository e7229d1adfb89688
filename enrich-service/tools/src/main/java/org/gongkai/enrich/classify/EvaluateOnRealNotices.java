package org.gongkai.enrich.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gongkai.enrich.classify.RealNotices.RealNotice;

/**
 * Trains and evaluates on real notices, split by source and by time (never at random), and writes the model trained
 * on everything: the command behind the real figures in CLASSIFICATION.md and the shipped model.
 *
 * <ol>
 *   <li>the model given with {@code --current} (default: the shipped one) on each real source, as it is;
 *   <li><b>time</b>: per source, the newest 30 % are the test set, the 10 % before them calibration; trained on the
 *       rest plus the {@code --corpus} files;
 *   <li><b>source</b>: per source, trained on the other sources plus the {@code --corpus} files (calibration: the
 *       newest 10 % of each other source), tested on all of it;
 *   <li><b>final</b> (with {@code --out}): trained on every real notice but the newest 10 % per source
 *       (calibration) plus the {@code --corpus} files; no held-out real figures of its own: the time and source
 *       figures estimate it.
 * </ol>
 * In every run a stratified 10 % of the {@code --corpus} files joins the calibration set (the temperature is then
 * fitted on a few hundred notices, not on a few dozen real ones alone), and real training notices count
 * {@link #DEFAULT_REAL_WEIGHT} times (the generated corpus outnumbers them ten to one). With {@code --skip-other},
 * real notices declared as the first level {@code 其他} alone are not trained or calibrated on
 * ({@link RealNotices#subjectBearing}: a portal's catch-all, not a subject); they stay in every test set, and each
 * test figure is also printed without them. {@code --agencies FILE} adds an agency table (operator format).
 * <ol>
 * </ol>
 *
 * <pre>
 * EvaluateOnRealNotices [--real FILE] [--corpus FILE ...] [--check FILE ...] [--current MODEL] [--out FILE --version V]
 *                       [--seed N] [--epochs E] [--weights T,A,X[,K[,R[,M[,S]]]]] [--real-weight K] [--min-docs D] [--max-chars N] [--bits B] [--matrix]
 *                       [--skip-other] [--agencies FILE ...]
 * </pre>
 */
public final class EvaluateOnRealNotices {

    /** How many times a real notice counts against one of the generated corpus. */
    public static final int DEFAULT_REAL_WEIGHT = 3;

    private EvaluateOnRealNotices() {}

    public static void main(String[] args) throws IOException {
        RealNoticeOptions cli = RealNoticeOptions.parse(
                args,
                Set.of("--real", "--check", "--current", "--out", "--version", "--seed", "--threshold"),
                Set.of());
        Path real = cli.ownPath("--real");
        List<Path> checks = cli.ownPaths("--check");
        Path current = cli.ownPath("--current");
        Path out = cli.ownPath("--out");
        String version = cli.own("--version", "subject-eval");
        long seed = Long.parseLong(cli.own(
                "--seed", Long.toString(SubjectTrainer.Options.defaults(version).seed())));
        boolean matrix = cli.matrix();
        boolean skipOther = cli.skipOther();
        int realWeight = cli.realWeight();
        Taxonomy taxonomy = Taxonomy.national();
        DeclaredCategoryMapper mapper = DeclaredCategoryMapper.standard();
        int[] skipped = new int[1];
        List<RealNotice> notices = RealNoticeCorpora.real(real, mapper, skipped);
        List<LabelledNotice> corpus = RealNoticeCorpora.labelled(cli.corpora(), mapper);
        Map<String, List<RealNotice>> sources = RealNotices.bySource(notices);
        System.out.printf(
                "real notices: %d (%d skipped: unmappable declaration or mirror), sources %s; other corpora: %d%n",
                notices.size(), skipped[0], sources.keySet(), corpus.size());
        SubjectTrainer trainer = new SubjectTrainer(
                taxonomy,
                KeywordBaseline.standard(taxonomy),
                Agencies.create(taxonomy, cli.agencyFiles()),
                cli.evaluationSettings());
        SubjectTrainer.Options options = cli.trainerOptions(version, seed);
        System.out.println(cli.describe(options));

        SubjectModel currentModel = null;
        try {
            currentModel = current == null ? SubjectModel.loadDefault() : SubjectModel.load(current);
        } catch (IOException | RuntimeException e) {
            System.out.println("current model not readable, not evaluated: " + e.getMessage());
        }
        for (var e : currentModel == null ? Map.<String, List<RealNotice>>of().entrySet() : sources.entrySet()) {
            System.out.print(trainer.evaluate(currentModel, RealNotices.notices(e.getValue()))
                    .format("current model " + currentModel.version() + " on " + e.getKey() + " (all)", matrix));
        }

        // time split
        List<LabelledNotice> train = new ArrayList<>(corpusTrain(corpus, options));
        List<LabelledNotice> calibration = new ArrayList<>(corpusCalibration(corpus, options));
        List<List<LabelledNotice>> tests = new ArrayList<>();
        List<LabelledNotice> allTests = new ArrayList<>();
        for (List<RealNotice> source : sources.values()) {
            List<List<RealNotice>> sets = RealNotices.byTime(source, 0.1, 0.3);
            train.addAll(repeat(RealNotices.notices(trainable(sets.get(0), skipOther)), realWeight));
            calibration.addAll(RealNotices.notices(trainable(sets.get(1), skipOther)));
            tests.add(RealNotices.notices(sets.get(2)));
            allTests.addAll(RealNotices.notices(sets.get(2)));
        }
        SubjectModel timeModel = trainer.train(train, calibration, List.of(), options.withVersion(version + "-time"))
                .model();
        int s = 0;
        for (String source : sources.keySet()) {
            List<LabelledNotice> test = tests.get(s++);
            System.out.print(trainer.evaluate(timeModel, test).format("time split: newest 30 % of " + source, matrix));
            System.out.print(trainer.evaluate(timeModel, withSubject(test))
                    .format("time split: newest 30 % of " + source + ", declared 其他 left out", false));
        }
        System.out.print(trainer.evaluate(timeModel, allTests).format("time split: all newest 30 %", true));
        System.out.print(trainer.evaluate(timeModel, withSubject(allTests))
                .format("time split: all newest 30 %, declared 其他 left out", false));
        for (Path path : checks) {
            List<LabelledNotice> set = RealNoticeCorpora.labelled(List.of(path), mapper);
            System.out.print(
                    trainer.evaluate(timeModel, set).format("time-split model on " + path.getFileName(), false));
        }

        // source split
        for (String held : sources.keySet()) {
            List<LabelledNotice> tr = new ArrayList<>(corpusTrain(corpus, options));
            List<LabelledNotice> cal = new ArrayList<>(corpusCalibration(corpus, options));
            for (var e : sources.entrySet()) {
                if (!e.getKey().equals(held)) {
                    List<List<RealNotice>> sets = RealNotices.byTime(e.getValue(), 0.1, 0);
                    tr.addAll(repeat(RealNotices.notices(trainable(sets.get(0), skipOther)), realWeight));
                    cal.addAll(RealNotices.notices(trainable(sets.get(1), skipOther)));
                }
            }
            SubjectModel m = trainer.train(tr, cal, List.of(), options.withVersion(version + "-source"))
                    .model();
            System.out.print(trainer.evaluate(m, RealNotices.notices(sources.get(held)))
                    .format("source split: all of " + held + " (trained without it)", matrix));
            System.out.print(trainer.evaluate(m, withSubject(RealNotices.notices(sources.get(held))))
                    .format("source split: all of " + held + " (trained without it), declared 其他 left out", false));
        }

        if (out != null) {
            SubjectTrainer.Result result = trainFinal(trainer, corpus, notices, options, realWeight, skipOther);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.write(out, result.artefact());
            System.out.printf(
                    "final model %s: trained on %d notices (real ones counted %d times), calibrated on %d;"
                            + " wrote %s (%d bytes)%n",
                    version, result.sizes()[0], realWeight, result.sizes()[1], out, result.artefact().length);
        }
    }

    /**
     * The final model: every real notice but the newest 10 % per source (the calibration set), each counted
     * {@code realWeight} times, plus {@code corpus}. Deterministic: the shipped model is this with the generated
     * corpus and the shipped real notices at the default options ({@code SubjectTrainingTest} checks it).
     */
    public static SubjectTrainer.Result trainFinal(
            SubjectTrainer trainer,
            List<LabelledNotice> corpus,
            List<RealNotice> notices,
            SubjectTrainer.Options options,
            int realWeight) {
        return trainFinal(trainer, corpus, notices, options, realWeight, false);
    }

    /** {@link #trainFinal}, without the notices declared 其他 alone when {@code skipOther}. */
    public static SubjectTrainer.Result trainFinal(
            SubjectTrainer trainer,
            List<LabelledNotice> corpus,
            List<RealNotice> notices,
            SubjectTrainer.Options options,
            int realWeight,
            boolean skipOther) {
        List<LabelledNotice> tr = new ArrayList<>(corpusTrain(corpus, options));
        List<LabelledNotice> cal = new ArrayList<>(corpusCalibration(corpus, options));
        for (List<RealNotice> source : RealNotices.bySource(notices).values()) {
            List<List<RealNotice>> sets = RealNotices.byTime(source, 0.1, 0);
            tr.addAll(repeat(RealNotices.notices(trainable(sets.get(0), skipOther)), realWeight));
            cal.addAll(RealNotices.notices(trainable(sets.get(1), skipOther)));
        }
        return trainer.train(tr, cal, List.of(), options);
    }

    /**
     * The other corpora's share of training: all but a stratified 10 % that joins the calibration set, so the
     * temperature is fitted on a few hundred notices rather than on the few dozen newest real ones alone.
     */
    static List<LabelledNotice> corpusTrain(List<LabelledNotice> corpus, SubjectTrainer.Options options) {
        List<List<LabelledNotice>> sets = StratifiedSplit.split(corpus, options.seed(), 0.1, 0);
        return sets.get(0);
    }

    static List<LabelledNotice> corpusCalibration(List<LabelledNotice> corpus, SubjectTrainer.Options options) {
        return StratifiedSplit.split(corpus, options.seed(), 0.1, 0).get(1);
    }

    /** What is trained or calibrated on: with {@code skipOther}, not the notices declared 其他 alone. */
    static List<RealNotice> trainable(List<RealNotice> notices, boolean skipOther) {
        return skipOther ? RealNotices.subjectBearing(notices) : notices;
    }

    /** The notices of a test set whose declared category names a subject (see {@link RealNotices#subjectBearing}). */
    static List<LabelledNotice> withSubject(List<LabelledNotice> notices) {
        return notices.stream().filter(n -> !RealNotices.catchAll(n.label())).toList();
    }

    /** Each notice {@code times} times: real notices weigh more than the generated corpus, which outnumbers them. */
    static List<LabelledNotice> repeat(List<LabelledNotice> notices, int times) {
        List<LabelledNotice> out = new ArrayList<>(notices.size() * times);
        for (int t = 0; t < times; t++) {
            out.addAll(notices);
        }
        return out;
    }
}
