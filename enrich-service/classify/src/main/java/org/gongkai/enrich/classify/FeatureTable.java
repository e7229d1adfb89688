package org.gongkai.enrich.classify;

import java.util.Arrays;
import java.util.List;

/**
 * Open-addressing count table, reused per thread, sized per notice (at most half full): a table sized for the
 * longest notice spreads a short one's few thousand n-grams over hundreds of KB, a cache miss each. A slot holds
 * the key and the feature's position in dense per-feature arrays (counts, origins), so a repeated n-gram costs
 * one table read and the vector is built reading those arrays in order. The features keep their order of first
 * insertion, whatever the table's size.
 */
final class FeatureTable {

    /** Squared-norm floors per block: below ~16 title n-grams or ~64 text n-grams, evidence is scaled down. */
    private static final double TITLE_FLOOR = 16;

    private static final double TEXT_FLOOR = 64;
    private static final double AGENCY_FLOOR = 1;
    private static final double KEYWORD_FLOOR = 1;
    private static final double ADDRESSEE_FLOOR = 1;
    private static final double MENTION_FLOOR = 1;
    /** {@code 1 + ln(tf)} for small counts: StrictMath keeps models byte-identical across platforms. */
    private static final float[] LOG_TF = new float[256];

    static {
        for (int tf = 1; tf < LOG_TF.length; tf++) {
            LOG_TF[tf] = 1f + (float) StrictMath.log(tf);
        }
    }

    final int minSlots;
    /** Per slot: (bucket + 1) in the high half, the feature's position in the low half; 0 = empty. */
    long[] table;

    int slotMask;
    /** Per feature, in order of first insertion: its bucket, count, first origin and slot. */
    int[] buckets;

    float[] counts;
    int[] origins;
    int[] slots;
    int size;

    FeatureTable(int minSlots) {
        this.minSlots = minSlots;
        table = new long[minSlots];
        slotMask = minSlots - 1;
        allocateFeatures(minSlots / 2);
    }

    private void allocateFeatures(int n) {
        buckets = new int[n];
        counts = new float[n];
        origins = new int[n];
        slots = new int[n];
    }

    /** Empties the table and sizes it for {@code expected} keys. */
    void reset(int expected) {
        for (int i = 0; i < size; i++) {
            table[slots[i]] = 0;
        }
        size = 0;
        int n = Math.max(minSlots, Integer.highestOneBit(Math.max(1, 2 * expected - 1)) << 1);
        if (n > table.length) {
            table = new long[n];
            allocateFeatures(n / 2);
        }
        slotMask = n - 1;
    }

    void add(int bucket, int origin) {
        add(bucket, origin, 1f);
    }

    void add(int bucket, int origin, float count) {
        long key = (long) (bucket + 1) << 32;
        int slot = ((bucket + 1) * 0x9E3779B9) >>> 7 & slotMask;
        while (true) {
            long e = table[slot];
            if ((e & 0xFFFFFFFF00000000L) == key) {
                counts[(int) e] += count;
                return;
            }
            if (e == 0) {
                if (2 * (size + 1) > slotMask + 1) {
                    grow();
                    add(bucket, origin, count);
                    return;
                }
                table[slot] = key | size;
                buckets[size] = bucket;
                counts[size] = count;
                origins[size] = origin;
                slots[size] = slot;
                size++;
                return;
            }
            slot = slot + 1 & slotMask;
        }
    }

    /** Doubles the table; the features keep their positions, so their order. */
    private void grow() {
        int n = size;
        int[] keptBuckets = Arrays.copyOf(buckets, n);
        float[] keptCounts = Arrays.copyOf(counts, n);
        int[] keptOrigins = Arrays.copyOf(origins, n);
        reset(2 * (slotMask + 1));
        for (int p = 0; p < n; p++) {
            int key = keptBuckets[p] + 1;
            int slot = (key * 0x9E3779B9) >>> 7 & slotMask;
            while (table[slot] != 0) {
                slot = slot + 1 & slotMask;
            }
            table[slot] = (long) key << 32 | p;
            buckets[p] = keptBuckets[p];
            counts[p] = keptCounts[p];
            origins[p] = keptOrigins[p];
            slots[p] = slot;
        }
        size = n;
    }

    FeatureVector toVector(
            String title,
            String body,
            String attachments,
            List<Agencies.Agency> agencies,
            List<Agencies.Agency> keywords,
            List<Agencies.Agency> addressees,
            List<Agencies.Agency> mentions,
            TextFeatures.Weights weights) {
        int[] index = Arrays.copyOf(buckets, size);
        float[] value = new float[size];
        int[] origin = Arrays.copyOf(origins, size);
        double[] norms = new double[6];
        for (int i = 0; i < size; i++) {
            float c = counts[i];
            int count = (int) c;
            // whole counts (n-grams) as 1 + ln(tf); fractional ones (agencies) below 1 as they are
            float v = count == c && count < LOG_TF.length ? LOG_TF[count] : c < 1 ? c : 1f + (float) StrictMath.log(c);
            value[i] = v;
            norms[block(origin[i])] += v * v;
        }
        // per block: a floor on the norm, so a notice with little text carries little evidence and its scores
        // stay near the prior instead of a confident guess from one word; then the block's weight
        float[] scale = {
            (float) (weights.title() / StrictMath.sqrt(Math.max(norms[0], TITLE_FLOOR))),
            (float) (weights.agency() / StrictMath.sqrt(Math.max(norms[1], AGENCY_FLOOR))),
            (float) (weights.text() / StrictMath.sqrt(Math.max(norms[2], TEXT_FLOOR))),
            (float) (weights.keyword() / StrictMath.sqrt(Math.max(norms[3], KEYWORD_FLOOR))),
            (float) (weights.addressee() / StrictMath.sqrt(Math.max(norms[4], ADDRESSEE_FLOOR))),
            (float) (weights.mention() / StrictMath.sqrt(Math.max(norms[5], MENTION_FLOOR)))
        };
        for (int i = 0; i < size; i++) {
            value[i] *= scale[block(origin[i])];
        }
        return new FeatureVector(
                index, value, origin, title, body, attachments, agencies, keywords, addressees, mentions);
    }

    private static int block(int origin) {
        return switch (FeatureVector.source(origin)) {
            case FeatureVector.SOURCE_TITLE -> 0;
            case FeatureVector.SOURCE_AGENCY -> 1;
            case FeatureVector.SOURCE_KEYWORD -> 3;
            case FeatureVector.SOURCE_ADDRESSEE -> 4;
            case FeatureVector.SOURCE_MENTION -> 5;
            default -> 2;
        };
    }
}
