package org.gongkai.enrich.classify;

import java.util.List;
import java.util.Locale;

/**
 * Classification metrics over a labelled set: accuracy, macro-F1, per-class precision and recall, confusion
 * matrix, coverage above a confidence threshold and, for probabilistic predictions, the expected calibration
 * error. Immutable.
 */
public final class Evaluation {

    private final List<String> labels;
    private final int[][] confusion; // [true][predicted], last column = unclassified
    private final int total;
    private final int covered;
    private final int coveredCorrect;
    private final double calibrationError;

    private Evaluation(
            List<String> labels,
            int[][] confusion,
            int total,
            int covered,
            int coveredCorrect,
            double calibrationError) {
        this.labels = List.copyOf(labels);
        this.confusion = confusion;
        this.total = total;
        this.covered = covered;
        this.coveredCorrect = coveredCorrect;
        this.calibrationError = calibrationError;
    }

    /**
     * Evaluates predictions.
     *
     * @param labels     class names
     * @param truth      true class per example
     * @param predicted  predicted class per example, -1 for unclassified; a prediction whose confidence is below
     *                   {@code threshold} counts as unclassified (wrong for accuracy and recall, not a prediction
     *                   for precision), as the classifier would leave it
     * @param confidence confidence per example, {@code null} when the predictor has none (then an example is
     *                   covered when it is classified)
     * @param threshold  confidence threshold for coverage
     */
    public static Evaluation of(
            List<String> labels, int[] truth, int[] predicted, double[] confidence, double threshold) {
        int n = labels.size();
        int[][] confusion = new int[n][n + 1];
        int covered = 0;
        int coveredCorrect = 0;
        int bins = 10;
        double[] binConfidence = new double[bins];
        double[] binCorrect = new double[bins];
        for (int i = 0; i < truth.length; i++) {
            int p = predicted[i];
            boolean isCovered = p >= 0 && (confidence == null || confidence[i] >= threshold);
            // below the threshold the notice is unclassified: it counts as wrong for accuracy and recall
            confusion[truth[i]][isCovered ? p : n]++;
            if (isCovered) {
                covered++;
                coveredCorrect += p == truth[i] ? 1 : 0;
            }
            if (confidence != null) {
                int bin = Math.min(bins - 1, (int) (confidence[i] * bins));
                binConfidence[bin] += confidence[i];
                binCorrect[bin] += p == truth[i] ? 1 : 0;
            }
        }
        double ece = Double.NaN;
        if (confidence != null && truth.length > 0) {
            ece = 0;
            for (int b = 0; b < bins; b++) {
                ece += Math.abs(binConfidence[b] - binCorrect[b]) / truth.length;
            }
        }
        return new Evaluation(labels, confusion, truth.length, covered, coveredCorrect, ece);
    }

    /** Share of examples whose prediction is right (unclassified counts as wrong). */
    public double accuracy() {
        int right = 0;
        for (int c = 0; c < labels.size(); c++) {
            right += confusion[c][c];
        }
        return total == 0 ? 0 : (double) right / total;
    }

    public double precision(int c) {
        int predicted = 0;
        for (int[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    public double recall(int c) {
        int support = support(c);
        return support == 0 ? 0 : (double) confusion[c][c] / support;
    }

    public int support(int c) {
        int support = 0;
        for (int v : confusion[c]) {
            support += v;
        }
        return support;
    }

    /** Mean F1 over the classes present in the set. */
    public double macroF1() {
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < labels.size(); c++) {
            if (support(c) == 0) {
                continue;
            }
            double p = precision(c);
            double r = recall(c);
            sum += p + r == 0 ? 0 : 2 * p * r / (p + r);
            classes++;
        }
        return classes == 0 ? 0 : sum / classes;
    }

    /** Share of examples classified with confidence at or above the threshold. */
    public double coverage() {
        return total == 0 ? 0 : (double) covered / total;
    }

    /** Accuracy among covered examples. */
    public double coveredAccuracy() {
        return covered == 0 ? 0 : (double) coveredCorrect / covered;
    }

    /** Expected calibration error over 10 confidence bins, NaN without confidences. */
    public double calibrationError() {
        return calibrationError;
    }

    public int total() {
        return total;
    }

    /** A printable report: summary, per-class table, confusion matrix (rows true, columns predicted). */
    public String format(String title, boolean withMatrix) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "== %s ==%nexamples %d  accuracy %.4f  macro-F1 %.4f  coverage %.4f  accuracy-on-covered %.4f",
                title,
                total,
                accuracy(),
                macroF1(),
                coverage(),
                coveredAccuracy()));
        if (!Double.isNaN(calibrationError)) {
            out.append(String.format(Locale.ROOT, "  ECE %.4f", calibrationError));
        }
        out.append(System.lineSeparator());
        out.append(String.format(
                Locale.ROOT, "%-4s %-9s %-9s %-7s %s%n", "id", "precision", "recall", "support", "class"));
        for (int c = 0; c < labels.size(); c++) {
            out.append(String.format(
                    Locale.ROOT,
                    "c%-3d %-9.3f %-9.3f %-7d %s%n",
                    c,
                    precision(c),
                    recall(c),
                    support(c),
                    labels.get(c)));
        }
        if (withMatrix) {
            out.append("confusion (rows true, columns predicted, '-' unclassified):")
                    .append(System.lineSeparator());
            out.append("     ");
            for (int c = 0; c < labels.size(); c++) {
                out.append(String.format(Locale.ROOT, "%4s", "c" + c));
            }
            out.append(String.format(Locale.ROOT, "%4s%n", "-"));
            for (int t = 0; t < labels.size(); t++) {
                out.append(String.format(Locale.ROOT, "%-5s", "c" + t));
                for (int p = 0; p <= labels.size(); p++) {
                    out.append(String.format(Locale.ROOT, "%4d", confusion[t][p]));
                }
                out.append(System.lineSeparator());
            }
        }
        return out.toString();
    }
}
