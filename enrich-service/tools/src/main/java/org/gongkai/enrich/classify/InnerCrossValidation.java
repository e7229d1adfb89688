package org.gongkai.enrich.classify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gongkai.enrich.classify.RealNotices.RealNotice;

/**
 * Cross-validation <b>inside the training portion</b> of the real-notice time split, the protocol by which design
 * choices (block weights, real weight, what is learnt) are decided without looking at any held-out set.
 *
 * <p>The development set is, per source, the older 70 % ({@link RealNotices#byTime} without its newest 30 %, which
 * is the time split's test set and is never read here). On it:
 *
 * <ul>
 *   <li><b>leave one source out</b>: per source, trained on the other sources' development notices (their newest
 *       10 % calibrate) plus the {@code --corpus} files, tested on this source's development notices;
 *   <li><b>inner time split</b>: per source, the newest 30 % of its development notices are tested, the 10 % before
 *       them calibrate, the rest trains (plus the {@code --corpus} files).
 * </ul>
 * With {@code --skip-other} notices declared 其他 alone are not trained on (they are always tested on);
 * {@code --agencies FILE} adds an agency table; {@code --threshold P} evaluates at a first-level threshold other than
 * the service's default. The summary line is the mean over the four folds (three sources left out, pooled inner time split) of macro-F1,
 * accuracy and coverage. The source split's held-out figures of {@link EvaluateOnRealNotices} are therefore not
 * blind to this protocol (70 % of each held-out source is development data here); the time split's are.
 *
 * <pre>
 * InnerCrossValidation [--corpus FILE ...] [--weights T,A,X,K[,R[,M[,S]]]] [--real-weight K] [--min-docs D] [--epochs E] [--max-chars N] [--bits B]
 *                      [--skip-other] [--agencies FILE ...] [--threshold P] [--errors] [--matrix]
 * </pre>
 */
public final class InnerCrossValidation {

    private InnerCrossValidation() {}

    public static void main(String[] args) throws IOException {
        RealNoticeOptions cli = RealNoticeOptions.parse(args, Set.of("--threshold"), Set.of("--errors"));
        boolean matrix = cli.matrix();
        boolean skipOther = cli.skipOther();
        int realWeight = cli.realWeight();
        boolean errors = cli.has("--errors");
        Taxonomy taxonomy = Taxonomy.national();
        DeclaredCategoryMapper mapper = DeclaredCategoryMapper.standard();
        List<RealNotice> notices = RealNoticeCorpora.real(null, mapper, new int[1]);
        List<LabelledNotice> corpus = RealNoticeCorpora.labelled(cli.corpora(), mapper);
        SubjectTrainer.Options options = cli.trainerOptions(
                "subject-cv", SubjectTrainer.Options.defaults("subject-cv").seed());
        System.out.println(cli.describe(options));
        Agencies agencies = Agencies.create(taxonomy, cli.agencyFiles());
        SubjectClassifier.Settings settings = cli.evaluationSettings();
        SubjectTrainer trainer = new SubjectTrainer(taxonomy, KeywordBaseline.standard(taxonomy), agencies, settings);

        Map<String, List<RealNotice>> development = new LinkedHashMap<>();
        for (var e : RealNotices.bySource(notices).entrySet()) {
            List<List<RealNotice>> sets = RealNotices.byTime(e.getValue(), 0.1, 0.3);
            List<RealNotice> dev = new ArrayList<>(sets.get(0));
            dev.addAll(sets.get(1));
            development.put(e.getKey(), dev);
        }
        List<Evaluation> folds = new ArrayList<>();
        for (String held : development.keySet()) {
            List<LabelledNotice> train = new ArrayList<>(EvaluateOnRealNotices.corpusTrain(corpus, options));
            List<LabelledNotice> cal = new ArrayList<>(EvaluateOnRealNotices.corpusCalibration(corpus, options));
            for (var e : development.entrySet()) {
                if (!e.getKey().equals(held)) {
                    List<List<RealNotice>> sets = RealNotices.byTime(e.getValue(), 0.1, 0);
                    train.addAll(EvaluateOnRealNotices.repeat(
                            RealNotices.notices(EvaluateOnRealNotices.trainable(sets.get(0), skipOther)), realWeight));
                    cal.addAll(RealNotices.notices(EvaluateOnRealNotices.trainable(sets.get(1), skipOther)));
                }
            }
            SubjectModel model = trainer.train(train, cal, List.of(), options).model();
            Evaluation ev = trainer.evaluate(model, RealNotices.notices(development.get(held)));
            folds.add(ev);
            System.out.print(ev.format("inner leave-one-source-out: development part of " + held, matrix));
            if (errors) {
                printErrors(model, agencies, settings, RealNotices.notices(development.get(held)));
            }
        }
        List<LabelledNotice> train = new ArrayList<>(EvaluateOnRealNotices.corpusTrain(corpus, options));
        List<LabelledNotice> cal = new ArrayList<>(EvaluateOnRealNotices.corpusCalibration(corpus, options));
        List<LabelledNotice> test = new ArrayList<>();
        for (List<RealNotice> dev : development.values()) {
            List<List<RealNotice>> sets = RealNotices.byTime(dev, 0.1, 0.3);
            train.addAll(EvaluateOnRealNotices.repeat(
                    RealNotices.notices(EvaluateOnRealNotices.trainable(sets.get(0), skipOther)), realWeight));
            cal.addAll(RealNotices.notices(EvaluateOnRealNotices.trainable(sets.get(1), skipOther)));
            test.addAll(RealNotices.notices(sets.get(2)));
        }
        SubjectModel timeModel = trainer.train(train, cal, List.of(), options).model();
        Evaluation time = trainer.evaluate(timeModel, test);
        folds.add(time);
        System.out.print(time.format("inner time split: newest 30 % of each development part", matrix));
        if (errors) {
            printErrors(timeModel, agencies, settings, test);
        }
        double f1 = 0;
        double accuracy = 0;
        double coverage = 0;
        for (Evaluation ev : folds) {
            f1 += ev.macroF1() / folds.size();
            accuracy += ev.accuracy() / folds.size();
            coverage += ev.coverage() / folds.size();
        }
        System.out.printf(
                Locale.ROOT,
                "INNER-CV mean of %d folds: macro-F1 %.4f accuracy %.4f coverage %.4f | per fold macro-F1 %s%n",
                folds.size(),
                f1,
                accuracy,
                coverage,
                folds.stream()
                        .map(ev -> String.format(Locale.ROOT, "%.3f", ev.macroF1()))
                        .toList());
    }

    /** The development notices a fold's model gets wrong: title, declared, predicted, score and top terms. */
    private static void printErrors(
            SubjectModel model, Agencies agencies, SubjectClassifier.Settings settings, List<LabelledNotice> notices) {
        SubjectClassifier classifier =
                new SubjectClassifier(model, DeclaredCategoryMapper.standard(), agencies, settings);
        for (LabelledNotice n : notices) {
            SubjectClassification c = classifier.classify(n.title(), n.body(), n.attachments(), n.publisher(), null);
            PredictedSubject p = c.predicted();
            String predicted =
                    p.node() == null ? "- (" + p.candidate() + ")" : p.node().first();
            if (p.node() == null || !p.node().first().equals(n.label().first())) {
                System.out.printf(
                        Locale.ROOT,
                        "  WRONG %s | declared %s | predicted %s %.2f | %s%n",
                        n.title().length() > 50 ? n.title().substring(0, 50) : n.title(),
                        n.label().first(),
                        predicted,
                        p.firstScore(),
                        c.topTerms().stream().map(TopTerm::term).toList());
            }
        }
    }
}
