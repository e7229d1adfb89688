package org.gongkai.enrich.classify;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Weights of a multinomial linear model over hashed features, stored sparsely: only buckets seen in training have
 * a row. Scoring reads 8-bit weights with a per-row scale (the artefact's form: a quarter of the memory traffic of
 * floats). A notice has thousands of distinct n-grams, most without a row, so the scoring layout is built at load
 * time for few cache misses: a bitset of the buckets that have a row (32 KB for 2^18 buckets) with the count of
 * rows before each 64-bit word (a bucket without a row costs one read of a small, cache-resident array; the row is
 * the rank of its bucket), and the rows in bucket order, each its scale then its class weights side by side (one
 * read gives all class scores; padded to a multiple of eight classes, which scoring sums together). Hand-written: {@code java.util.BitSet} has no rank, and a compressed bitmap library
 * would add a container search per lookup to save a few KB. The artefact's order is kept for writing. Immutable
 * after construction (the trainer mutates its own copy before building one); thread-safe (scoring's scratch arrays
 * are per thread).
 */
final class LinearLayer {

    private static final VarHandle FLOAT_AT =
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    final int classes;
    final float[] bias;

    /** The artefact's form, row-major ({@code rows x classes}), rows in the artefact's order. */
    final byte[] quantised;
    /** The artefact's form: each row's scale. */
    final float[] scales;
    /** The artefact's form: each row's bucket. */
    final int[] buckets;
    /** Bit per bucket: has a row. */
    private final long[] present;
    /** Rows of the buckets before each word of {@link #present}: a bucket's row is its rank. */
    private final int[] rankBefore;
    /**
     * Rows in bucket order, {@link #stride} bytes each: the scale (float, little-endian), then one byte per class,
     * padded with zero weights to a multiple of {@value #LANES} classes.
     */
    private final byte[] packed;

    private final int stride;
    /** Classes rounded up to a multiple of {@value #LANES}: the scoring loop's width. */
    private final int padded;

    /** Classes summed together per row by the scoring loop (eight floats: one AVX register). */
    private static final int LANES = 8;

    /**
     * Per-thread rows and scaled values of {@link #scores}, grown to the largest notice seen: two arrays of a
     * notice's feature count per layer scored were ~40 KB of garbage a notice (session 11). Entries are written
     * before they are read, so a reused array needs no clearing.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        int[] base = new int[0];
        float[] x = new float[0];

        void ensure(int n) {
            if (base.length < n) {
                int size = Math.max(n, 2 * base.length);
                base = new int[size];
                x = new float[size];
            }
        }
    }

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
        int max = -1;
        for (int bucket : buckets) {
            if (bucket < 0) {
                throw new IllegalArgumentException("negative bucket");
            }
            max = Math.max(max, bucket);
        }
        present = new long[(max >> 6) + 1];
        for (int row = 0; row < rows; row++) {
            int bucket = buckets[row];
            if ((present[bucket >> 6] & 1L << bucket) != 0) {
                throw new IllegalArgumentException("bucket " + bucket + " twice");
            }
            present[bucket >> 6] |= 1L << bucket;
        }
        rankBefore = new int[present.length];
        for (int w = 1; w < present.length; w++) {
            rankBefore[w] = rankBefore[w - 1] + Long.bitCount(present[w - 1]);
        }
        padded = (classes + LANES - 1) / LANES * LANES;
        stride = Float.BYTES + padded;
        packed = new byte[rows * stride];
        for (int row = 0; row < rows; row++) {
            int at = row(buckets[row]) * stride;
            FLOAT_AT.set(packed, at, scales[row]);
            System.arraycopy(quantised, row * classes, packed, at + Float.BYTES, classes);
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

    /**
     * Scoring row of a bucket (its rank among the buckets with weights, not the artefact's row), -1 when the bucket
     * has no weights.
     */
    int row(int bucket) {
        int word = bucket >>> 6;
        if (word >= present.length) {
            return -1;
        }
        long bits = present[word];
        long bit = 1L << bucket;
        return (bits & bit) == 0 ? -1 : rankBefore[word] + Long.bitCount(bits & bit - 1);
    }

    /** The weight of a class in a scoring row ({@link #row}): the quantised weight times its row's scale. */
    float weight(int row, int c) {
        int at = row * stride;
        return packed[at + Float.BYTES + c] * (float) FLOAT_AT.get(packed, at);
    }

    /** Bytes held: the artefact's form (for writing) and the scoring layout. */
    long bytes() {
        return quantised.length
                + scales.length * 4L
                + buckets.length * 4L
                + packed.length
                + present.length * 8L
                + rankBefore.length * 4L
                + bias.length * 4L;
    }

    /** Raw scores (logits) of the classes. */
    void scores(FeatureVector v, double[] out) {
        scores(v, out, null);
    }

    /** Raw scores (logits) of the classes; {@code rows}, when given, receives each feature's row (-1 for none). */
    void scores(FeatureVector v, double[] out, int[] rows) {
        int k = classes;
        int[] index = v.index;
        float[] value = v.value;
        byte[] q = packed;
        long[] bitset = present;
        int words = bitset.length;
        int width = stride;
        int n = index.length;
        // pass 1: each feature's row and its value times the row's scale. The reads of the rows depend on nothing
        // but the cache-resident bitset, so many are in flight at once (Java has no prefetch) and pass 2 finds the
        // rows in cache
        Scratch scratch = SCRATCH.get();
        scratch.ensure(n);
        int[] base = scratch.base;
        float[] x = scratch.x;
        int hits = 0;
        for (int i = 0; i < n; i++) {
            int bucket = index[i];
            int word = bucket >>> 6;
            long bits = word < words ? bitset[word] : 0;
            long bit = 1L << bucket;
            int row = -1;
            if ((bits & bit) != 0) {
                row = rankBefore[word] + Long.bitCount(bits & bit - 1);
                base[hits] = row * width + Float.BYTES;
                x[hits++] = value[i] * (float) FLOAT_AT.get(q, row * width);
            }
            if (rows != null) {
                rows[i] = row;
            }
        }
        // pass 2, row after row, eight classes per step (unrolled by hand: the JIT's superword pass packs the eight
        // isomorphic statements into vector operations). Per class the same float operations in the same order
        // (bias, then the features in their order) as one class after the other, so scores do not change; the
        // padding classes sum zeros and are not read
        float[] acc = new float[padded];
        System.arraycopy(bias, 0, acc, 0, k);
        int lanes = padded;
        for (int h = 0; h < hits; h++) {
            int b = base[h];
            float xh = x[h];
            for (int c = 0; c < lanes; c += LANES) {
                int o = b + c;
                acc[c] += xh * q[o];
                acc[c + 1] += xh * q[o + 1];
                acc[c + 2] += xh * q[o + 2];
                acc[c + 3] += xh * q[o + 3];
                acc[c + 4] += xh * q[o + 4];
                acc[c + 5] += xh * q[o + 5];
                acc[c + 6] += xh * q[o + 6];
                acc[c + 7] += xh * q[o + 7];
            }
        }
        for (int j = 0; j < k; j++) {
            out[j] = acc[j];
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
