package org.gongkai.enrich.classify;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Weights of a multinomial linear model over hashed features, stored sparsely: only buckets seen in training have
 * a row. Scoring reads 8-bit weights with a per-row scale (the artefact's form: a quarter of the memory traffic of
 * floats, which is what classification time is spent on) through a dense bucket → row index (one array read, no
 * probing); the dequantised floats are kept for explanations and for writing. Immutable after construction (the
 * trainer mutates its own copy before building one); thread-safe.
 */
final class LinearLayer {

    final int classes;
    final float[] bias;
    /** Row-major, {@code rows x classes}: the quantised weights as floats. */
    final float[] weights;

    private final byte[] quantised;
    private final float[] scales;
    private final int[] buckets;
    /** Row of each bucket up to the largest one with weights, -1 for none. */
    private final int[] rowOf;

    LinearLayer(int classes, int[] buckets, float[] weights, float[] bias) {
        if (weights.length != buckets.length * classes || bias.length != classes) {
            throw new IllegalArgumentException("inconsistent layer dimensions");
        }
        int rows = buckets.length;
        this.classes = classes;
        this.bias = bias;
        this.buckets = buckets.clone();
        this.quantised = new byte[rows * classes];
        this.scales = new float[rows];
        // rows quantised to 8 bits with a per-row scale: 4x smaller, well below the model's noise
        for (int row = 0; row < rows; row++) {
            float max = 0;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, Math.abs(weights[row * classes + c]));
            }
            float scale = max / 127f;
            scales[row] = scale;
            for (int c = 0; c < classes; c++) {
                quantised[row * classes + c] = (byte) (scale == 0 ? 0 : Math.round(weights[row * classes + c] / scale));
            }
        }
        this.weights = new float[rows * classes];
        for (int i = 0; i < this.weights.length; i++) {
            this.weights[i] = quantised[i] * scales[i / classes];
        }
        int max = -1;
        for (int bucket : buckets) {
            if (bucket < 0) {
                throw new IllegalArgumentException("negative bucket");
            }
            max = Math.max(max, bucket);
        }
        rowOf = new int[max + 1];
        Arrays.fill(rowOf, -1);
        for (int row = 0; row < rows; row++) {
            rowOf[buckets[row]] = row;
        }
    }

    /** A layer from its artefact form, without re-quantising. */
    private LinearLayer(int classes, int[] buckets, byte[] quantised, float[] scales, float[] bias) {
        this(classes, buckets, dequantise(classes, quantised, scales), bias);
    }

    private static float[] dequantise(int classes, byte[] quantised, float[] scales) {
        float[] w = new float[quantised.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = quantised[i] * scales[i / classes];
        }
        return w;
    }

    int rows() {
        return scales.length;
    }

    /** Row of a bucket, -1 when the bucket has no weights. */
    int row(int bucket) {
        return bucket < rowOf.length ? rowOf[bucket] : -1;
    }

    /** Bytes held for scoring (quantised weights, scales, index) and explanation (floats). */
    long bytes() {
        return quantised.length + scales.length * 4L + rowOf.length * 4L + weights.length * 4L + bias.length * 4L;
    }

    /** Raw scores (logits) of the classes. */
    void scores(FeatureVector v, double[] out) {
        scores(v, out, null);
    }

    /** Raw scores (logits) of the classes; {@code rows}, when given, receives each feature's row (-1 for none). */
    void scores(FeatureVector v, double[] out, int[] rows) {
        int k = classes;
        float[] acc = bias.clone();
        int[] index = v.index;
        float[] value = v.value;
        byte[] q = quantised;
        int[] rowIndex = rowOf;
        for (int i = 0; i < index.length; i++) {
            int bucket = index[i];
            int row = bucket < rowIndex.length ? rowIndex[bucket] : -1;
            if (rows != null) {
                rows[i] = row;
            }
            if (row >= 0) {
                float x = value[i] * scales[row];
                int base = row * k;
                for (int c = 0; c < k; c++) {
                    acc[c] += x * q[base + c];
                }
            }
        }
        for (int c = 0; c < k; c++) {
            out[c] = acc[c];
        }
    }

    /** Softmax of {@code logits / temperature}, in place. */
    static void softmax(double[] logits, int n, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) {
            max = Math.max(max, logits[c]);
        }
        double sum = 0;
        for (int c = 0; c < n; c++) {
            double e = StrictMath.exp((logits[c] - max) / temperature);
            logits[c] = e;
            sum += e;
        }
        for (int c = 0; c < n; c++) {
            logits[c] /= sum;
        }
    }

    void write(DataOutputStream out) throws IOException {
        int rows = rows();
        out.writeInt(classes);
        out.writeInt(rows);
        for (float b : bias) {
            out.writeFloat(b);
        }
        for (int row = 0; row < rows; row++) {
            out.writeInt(buckets[row]);
            out.writeFloat(scales[row]);
            out.write(quantised, row * classes, classes);
        }
    }

    static LinearLayer read(DataInputStream in) throws IOException {
        int classes = in.readInt();
        int rows = in.readInt();
        if (classes <= 0 || classes > 10_000 || rows < 0 || rows > 50_000_000) {
            throw new IOException("corrupt layer header");
        }
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            bias[c] = in.readFloat();
        }
        int[] buckets = new int[rows];
        float[] scales = new float[rows];
        byte[] quantised = new byte[rows * classes];
        for (int row = 0; row < rows; row++) {
            buckets[row] = in.readInt();
            if (buckets[row] < 0 || buckets[row] >= 1 << 26) {
                throw new IOException("corrupt bucket " + buckets[row]);
            }
            scales[row] = in.readFloat();
            in.readFully(quantised, row * classes, classes);
        }
        return new LinearLayer(classes, buckets, quantised, scales, bias);
    }
}
