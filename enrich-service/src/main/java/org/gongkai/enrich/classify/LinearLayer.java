package org.gongkai.enrich.classify;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Weights of a multinomial linear model over hashed features, stored sparsely: only buckets seen in training have
 * a row. Immutable after construction (the trainer mutates its own copy before building one); thread-safe.
 */
final class LinearLayer {

    final int classes;
    final float[] bias;
    /** Row-major, {@code rows x classes}. */
    final float[] weights;

    private final int[] slotKeys; // bucket + 1, 0 = empty
    private final int[] slotRows;
    private final int slotMask;

    LinearLayer(int classes, int[] buckets, float[] weights, float[] bias) {
        if (weights.length != buckets.length * classes || bias.length != classes) {
            throw new IllegalArgumentException("inconsistent layer dimensions");
        }
        this.classes = classes;
        this.weights = weights;
        this.bias = bias;
        int slots = Integer.highestOneBit(Math.max(16, buckets.length * 2) - 1) << 1;
        slotKeys = new int[slots];
        slotRows = new int[slots];
        slotMask = slots - 1;
        for (int row = 0; row < buckets.length; row++) {
            int key = buckets[row] + 1;
            int slot = hash(key) & slotMask;
            while (slotKeys[slot] != 0) {
                slot = slot + 1 & slotMask;
            }
            slotKeys[slot] = key;
            slotRows[slot] = row;
        }
    }

    int rows() {
        return weights.length / classes;
    }

    /** Row of a bucket, -1 when the bucket has no weights. */
    int row(int bucket) {
        int key = bucket + 1;
        int slot = hash(key) & slotMask;
        while (true) {
            int k = slotKeys[slot];
            if (k == key) {
                return slotRows[slot];
            }
            if (k == 0) {
                return -1;
            }
            slot = slot + 1 & slotMask;
        }
    }

    /** Raw scores (logits) of the classes. */
    void scores(FeatureVector v, double[] out) {
        scores(v, out, null);
    }

    /** Raw scores (logits) of the classes; {@code rows}, when given, receives each feature's row (-1 for none). */
    void scores(FeatureVector v, double[] out, int[] rows) {
        int k = classes;
        for (int c = 0; c < k; c++) {
            out[c] = bias[c];
        }
        int[] index = v.index;
        float[] value = v.value;
        for (int i = 0; i < index.length; i++) {
            int row = row(index[i]);
            if (rows != null) {
                rows[i] = row;
            }
            if (row >= 0) {
                float x = value[i];
                int base = row * k;
                for (int c = 0; c < k; c++) {
                    out[c] += x * weights[base + c];
                }
            }
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
        int[] buckets = new int[rows];
        for (int slot = 0; slot < slotKeys.length; slot++) {
            if (slotKeys[slot] != 0) {
                buckets[slotRows[slot]] = slotKeys[slot] - 1;
            }
        }
        // rows quantised to 8 bits with a per-row scale: 4x smaller, well below the model's noise
        for (int row = 0; row < rows; row++) {
            out.writeInt(buckets[row]);
            float max = 0;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, Math.abs(weights[row * classes + c]));
            }
            float scale = max / 127f;
            out.writeFloat(scale);
            for (int c = 0; c < classes; c++) {
                out.writeByte(scale == 0 ? 0 : Math.round(weights[row * classes + c] / scale));
            }
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
        float[] weights = new float[rows * classes];
        byte[] quantised = new byte[classes];
        for (int row = 0; row < rows; row++) {
            buckets[row] = in.readInt();
            float scale = in.readFloat();
            in.readFully(quantised);
            for (int c = 0; c < classes; c++) {
                weights[row * classes + c] = quantised[c] * scale;
            }
        }
        return new LinearLayer(classes, buckets, weights, bias);
    }

    private static int hash(int key) {
        return (key * 0x9E3779B9) >>> 5;
    }
}
