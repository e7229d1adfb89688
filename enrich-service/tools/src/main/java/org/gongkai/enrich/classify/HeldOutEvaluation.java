package org.gongkai.enrich.classify;

import java.util.List;

/**
 * Evaluation of a trained model, as read back from its artefact, and of the {@link KeywordBaseline} on a labelled set
 * the model did not train on: first level (background notices apart), second level at the thresholds given (the
 * service's defaults unless a tool says otherwise), and how many background notices are left unclassified.
 * Stateless apart from its tables; thread-safe.
 */
final class HeldOutEvaluation {

    private final Taxonomy taxonomy;
    private final KeywordBaseline baseline;
    private final Agencies agencies;
    private final SubjectClassifier.Settings settings;

    HeldOutEvaluation(
            Taxonomy taxonomy, KeywordBaseline baseline, Agencies agencies, SubjectClassifier.Settings settings) {
        this.taxonomy = taxonomy;
        this.baseline = baseline;
        this.agencies = agencies;
        this.settings = settings;
    }

    /** The evaluation as a training result ({@code sizes}: training, calibration and test set sizes). */
    SubjectTrainer.Result evaluate(SubjectModel model, byte[] artefact, List<LabelledNotice> all, int[] sizes) {
        List<String> labels = model.firstLabels();
        List<LabelledNotice> test = all.stream().filter(n -> !n.background()).toList();
        List<LabelledNotice> background =
                all.stream().filter(LabelledNotice::background).toList();
        int backgroundUnclassified = 0;
        for (LabelledNotice notice : background) {
            FeatureVector v = model.features()
                    .extract(notice.title(), notice.body(), notice.attachments(), notice.publisher(), agencies);
            double[] p = model.firstProbabilities(v);
            backgroundUnclassified += p[argmax(p)] < settings.firstThreshold() ? 1 : 0;
        }
        int[] truth = firstIndexes(test);
        int[] predicted = new int[test.size()];
        double[] confidence = new double[test.size()];
        int[] baselinePredicted = new int[test.size()];
        int withSecond = 0;
        int secondRight = 0;
        int secondGiven = 0;
        int secondGivenRight = 0;
        for (int i = 0; i < test.size(); i++) {
            LabelledNotice notice = test.get(i);
            FeatureVector v = model.features()
                    .extract(notice.title(), notice.body(), notice.attachments(), notice.publisher(), agencies);
            double[] p = model.firstProbabilities(v);
            int best = argmax(p);
            predicted[i] = best;
            confidence[i] = p[best];
            String guess = baseline.predict(notice.title(), notice.body(), notice.attachments());
            baselinePredicted[i] = guess == null ? -1 : labels.indexOf(guess);
            if (notice.label().second() != null) {
                withSecond++;
                double[] q = model.secondProbabilities(v, best);
                List<String> children = model.secondLabels.get(best);
                int top = q == null ? 0 : argmax(q);
                double joint = q == null ? p[best] : p[best] * q[top];
                String child = children.isEmpty() ? null : children.get(top);
                boolean right = best == truth[i] && notice.label().second().equals(child);
                secondRight += right ? 1 : 0;
                if (child != null && p[best] >= settings.firstThreshold() && joint >= settings.secondThreshold()) {
                    secondGiven++;
                    secondGivenRight += right ? 1 : 0;
                }
            }
        }
        double threshold = settings.firstThreshold();
        return new SubjectTrainer.Result(
                model,
                artefact,
                Evaluation.of(labels, truth, predicted, confidence, threshold),
                Evaluation.of(labels, truth, baselinePredicted, null, threshold),
                withSecond == 0 ? 0 : (double) secondRight / withSecond,
                withSecond == 0 ? 0 : (double) secondGiven / withSecond,
                secondGiven == 0 ? 0 : (double) secondGivenRight / secondGiven,
                background.size(),
                background.isEmpty() ? 0 : (double) backgroundUnclassified / background.size(),
                sizes);
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

    private static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
