package org.gongkai.enrich.classify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The learner behind {@link SubjectTrainer}: multinomial logistic regression by SGD with L2 over hashed feature
 * buckets (seeded order, so the same input gives the same weights), and temperature scaling fitted on a
 * calibration set. Stateless; deterministic given the {@link Random} passed in.
 */
final class SoftmaxRegression {

    private SoftmaxRegression() {}

    /** Multinomial logistic regression by SGD over the buckets present in {@code xs}. */
    static LinearLayer fit(
            List<FeatureVector> xs, int[] ys, int classes, SubjectTrainer.Options options, Random random) {
        // only n-grams seen in at least minDocs distinct notices get weights: the rest are names, numbers and
        // one-off phrases that do not generalise, and every row costs memory and a lookup per notice
        Map<Integer, Integer> docs = new HashMap<>();
        Set<FeatureVector> distinct = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (FeatureVector x : xs) {
            if (distinct.add(x)) {
                for (int bucket : x.index) {
                    docs.merge(bucket, 1, Integer::sum);
                }
            }
        }
        Map<Integer, Integer> rowOf = new HashMap<>();
        List<int[]> rows = new ArrayList<>(xs.size());
        for (FeatureVector x : xs) {
            int[] r = new int[x.index.length];
            for (int i = 0; i < r.length; i++) {
                if (docs.get(x.index[i]) < options.minDocs()) {
                    r[i] = -1;
                    continue;
                }
                Integer row = rowOf.get(x.index[i]);
                if (row == null) {
                    row = rowOf.size();
                    rowOf.put(x.index[i], row);
                }
                r[i] = row;
            }
            rows.add(r);
        }
        int[] buckets = new int[rowOf.size()];
        rowOf.forEach((bucket, row) -> buckets[row] = bucket);
        float[] w = new float[buckets.length * classes];
        float[] b = new float[classes];
        double[] p = new double[classes];
        int[] order = new int[xs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            float rate = (float) (options.learningRate() / (1 + epoch / 2.0));
            float decay = (float) (1 - options.learningRate() / (1 + epoch / 2.0) * options.l2());
            for (int e : order) {
                FeatureVector x = xs.get(e);
                int[] r = rows.get(e);
                for (int c = 0; c < classes; c++) {
                    p[c] = b[c];
                }
                for (int i = 0; i < r.length; i++) {
                    if (r[i] < 0) {
                        continue;
                    }
                    int base = r[i] * classes;
                    float v = x.value[i];
                    for (int c = 0; c < classes; c++) {
                        p[c] += v * w[base + c];
                    }
                }
                LinearLayer.softmax(p, classes, 1.0);
                // gradient of the cross-entropy w.r.t. the logits; background notices target the uniform distribution
                if (ys[e] >= 0) {
                    p[ys[e]] -= 1;
                } else {
                    for (int c = 0; c < classes; c++) {
                        p[c] -= 1.0 / classes;
                    }
                }
                for (int i = 0; i < r.length; i++) {
                    if (r[i] < 0) {
                        continue;
                    }
                    int base = r[i] * classes;
                    float v = x.value[i];
                    for (int c = 0; c < classes; c++) {
                        w[base + c] = w[base + c] * decay - rate * (float) p[c] * v;
                    }
                }
                for (int c = 0; c < classes; c++) {
                    b[c] -= rate * (float) p[c];
                }
            }
        }
        return new LinearLayer(classes, buckets, w, b);
    }

    static double temperature(LinearLayer layer, List<FeatureVector> xs, int[] ys) {
        List<LinearLayer> layers = Collections.nCopies(xs.size(), layer);
        List<Integer> labels = new ArrayList<>();
        for (int y : ys) {
            labels.add(y);
        }
        return temperature(layers, xs, labels);
    }

    /** The temperature minimising the negative log-likelihood (golden-section search over log T). */
    static double temperature(List<LinearLayer> layers, List<FeatureVector> xs, List<Integer> ys) {
        if (xs.isEmpty()) {
            return 1.0;
        }
        List<double[]> logits = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            double[] z = new double[layers.get(i).classes];
            layers.get(i).scores(xs.get(i), z);
            logits.add(z);
        }
        double lo = StrictMath.log(0.02);
        double hi = StrictMath.log(50);
        double g = (StrictMath.sqrt(5) - 1) / 2;
        for (int step = 0; step < 60; step++) {
            double a = hi - g * (hi - lo);
            double c = lo + g * (hi - lo);
            if (nll(logits, ys, StrictMath.exp(a)) < nll(logits, ys, StrictMath.exp(c))) {
                hi = c;
            } else {
                lo = a;
            }
        }
        return StrictMath.exp((lo + hi) / 2);
    }

    private static double nll(List<double[]> logits, List<Integer> ys, double t) {
        double sum = 0;
        for (int i = 0; i < logits.size(); i++) {
            double[] z = logits.get(i).clone();
            LinearLayer.softmax(z, z.length, t);
            int y = ys.get(i);
            if (y >= 0) {
                sum -= StrictMath.log(Math.max(1e-12, z[y]));
            } else {
                for (double q : z) {
                    sum -= StrictMath.log(Math.max(1e-12, q)) / z.length;
                }
            }
        }
        return sum;
    }
}
