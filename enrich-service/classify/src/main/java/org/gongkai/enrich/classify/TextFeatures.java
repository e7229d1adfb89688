package org.gongkai.enrich.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a notice into hashed features in four blocks, each L2-normalised on its own (with a floor on the norm, so
 * that little text weighs less) and then weighted, so that the title's weight does not shrink as the body grows:
 * <ul>
 *   <li><b>title</b>: character bigrams and trigrams of the title, plus those of its subject core once more (the
 *       words between {@code 关于} and the genre at its end: {@code 关于做好X工作的通知} → {@code 做好X工作});
 *   <li><b>agency</b>: one feature per subject domain of each issuing agency ({@link Agencies}) named in the
 *       publisher field, the title, or the first and last {@value #AGENCY_WINDOW} characters of the body (where
 *       发文机关 and signature stand);
 *   <li><b>keyword</b>: one feature per taxonomy node of each subject keyword ({@link Agencies#findKeywords}, the
 *       table written from the taxonomy's own names) in the title's subject part: a keyword never seen in
 *       training still points to its category through the node's learnt weight (the keywords of the first
 *       {@value #KEYWORD_BODY_WINDOW} characters of body and attachments are features of their own in the text
 *       block);
 *   <li><b>text</b>: bigrams and trigrams of title, body and attachments (up to {@link #maxChars()} characters of
 *       body and attachments together: the opening of a notice carries its subject, and the cap bounds latency).
 * </ul>
 * Runs of letters and digits are cut at punctuation and spaces, digits fold to {@code 0} (n-grams of digits only
 * are dropped), ASCII letters to lower case; values are {@code 1 + ln(tf)} before normalisation. Thread-safe:
 * per-thread scratch space.
 */
public final class TextFeatures {

    /** Body characters at each end searched for agency names. */
    static final int AGENCY_WINDOW = 160;

    private static final int TITLE_SEED = 0x5bd1e995;
    private static final int TEXT_SEED = 0x1b873593;
    private static final int AGENCY_SEED = 0x68e31da4;
    private static final int KEYWORD_SEED = 0x3c6ef372;
    private static final int KEYWORD_BODY_SEED = 0x7f4a7c15;
    /** Characters of body and of attachments searched for subject keywords. */
    static final int KEYWORD_BODY_WINDOW = 300;

    private static final int MAX_TITLE_CHARS = 300;
    /** Squared-norm floors per block: below ~16 title n-grams or ~64 text n-grams, evidence is scaled down. */
    private static final double TITLE_FLOOR = 16;

    private static final double TEXT_FLOOR = 64;
    private static final double AGENCY_FLOOR = 1;
    private static final double KEYWORD_FLOOR = 1;
    /** {@code 1 + ln(tf)} for small counts: StrictMath keeps models byte-identical across platforms. */
    private static final float[] LOG_TF = new float[256];

    static {
        for (int tf = 1; tf < LOG_TF.length; tf++) {
            LOG_TF[tf] = 1f + (float) StrictMath.log(tf);
        }
    }

    /**
     * Block weights.
     *
     * @param title  weight of the title block
     * @param agency weight of the agency block
     * @param text    weight of the text block
     * @param keyword weight of the subject-keyword block (0: no keyword features, as in models before format 3)
     */
    public record Weights(float title, float agency, float text, float keyword) {

        /**
         * The defaults of the shipped model: the title counts most; the keyword block, a table-written prior like
         * the agency block, weighs as much as it.
         */
        public static final Weights DEFAULTS = new Weights(1.0f, 0.8f, 0.8f, 0.8f);

        public Weights {
            if (!(title >= 0 && agency >= 0 && text >= 0 && keyword >= 0 && title + agency + text + keyword > 0)) {
                throw new IllegalArgumentException("block weights >= 0, not all 0");
            }
        }

        /** Without a keyword block (models of format 2). */
        public Weights(float title, float agency, float text) {
            this(title, agency, text, 0f);
        }
    }

    private final int bits;
    private final int mask;
    private final int maxChars;
    private final Weights weights;
    private final ThreadLocal<Scratch> scratch;

    /**
     * @param bits     the feature space has {@code 2^bits} buckets
     * @param maxChars body and attachment characters read per notice
     */
    public TextFeatures(int bits, int maxChars) {
        this(bits, maxChars, Weights.DEFAULTS);
    }

    /**
     * @param bits     the feature space has {@code 2^bits} buckets
     * @param maxChars body and attachment characters read per notice
     * @param weights  block weights
     */
    public TextFeatures(int bits, int maxChars, Weights weights) {
        this(bits, maxChars, weights, true);
    }

    /**
     * @param sizePerNotice size the scratch table for each notice's text ({@code false}: start small and grow, to
     *                      test that features do not depend on the table's size)
     */
    TextFeatures(int bits, int maxChars, Weights weights, boolean sizePerNotice) {
        if (bits < 10 || bits > 26 || maxChars < 100 || maxChars > 1 << 24) {
            throw new IllegalArgumentException("bits in [10, 26], maxChars in [100, 2^24]");
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
        this.maxChars = maxChars;
        this.weights = weights;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(sizePerNotice ? 1024 : 16));
    }

    public int bits() {
        return bits;
    }

    public int dimension() {
        return 1 << bits;
    }

    public int maxChars() {
        return maxChars;
    }

    public Weights weights() {
        return weights;
    }

    /** The features of a notice without agency features; any argument may be {@code null}. */
    public FeatureVector extract(String title, String body, String attachments) {
        return extract(title, body, attachments, null, null);
    }

    /**
     * The features of a notice; any argument may be {@code null} ({@code agencies} null: no agency block).
     *
     * @param publisher the notice's 发布机构 / 发文机关 field, when the page had one
     */
    public FeatureVector extract(String title, String body, String attachments, String publisher, Agencies agencies) {
        String t = title == null ? "" : title;
        String b = body == null ? "" : body;
        String a = attachments == null ? "" : attachments;
        Scratch s = scratch.get();
        int titleEnd = Math.min(t.length(), MAX_TITLE_CHARS);
        // at most two n-grams per character read (title twice); agencies and keywords grow the table if need be
        s.reset(
                s.minSlots < 1024
                        ? 0
                        : 2 * (2 * titleEnd + Math.min(b.length(), maxChars) + Math.min(a.length(), maxChars)) + 64);
        // the title block reads the subject part of the title: after 关于 (the issuers before it are the agency
        // block's) and before the genre at its end (的通知, 的意见 …: every category has them)
        int coreStart = t.indexOf("关于");
        coreStart = coreStart < 0 || coreStart >= titleEnd ? 0 : coreStart + 2;
        int coreEnd = t.lastIndexOf('的', titleEnd - 1);
        coreEnd = coreEnd < coreStart || coreEnd < titleEnd - 8 ? titleEnd : coreEnd;
        scan(s, t, coreStart, coreEnd, FeatureVector.SOURCE_TITLE, TITLE_SEED);
        scan(s, t, 0, titleEnd, FeatureVector.SOURCE_TITLE_TEXT, TEXT_SEED);
        int bodyEnd = Math.min(b.length(), maxChars);
        scan(s, b, 0, bodyEnd, FeatureVector.SOURCE_BODY, TEXT_SEED);
        int rest = maxChars - bodyEnd;
        if (rest > 0) {
            scan(s, a, 0, Math.min(a.length(), rest), FeatureVector.SOURCE_ATTACHMENTS, TEXT_SEED);
        }
        List<Agencies.Agency> keywords = List.of();
        if (agencies != null && weights.keyword() > 0) {
            keywords = new ArrayList<>(4);
            agencies.findKeywords(t, coreStart, coreEnd, keywords);
            for (int i = 0; i < keywords.size(); i++) {
                for (String key : keywords.get(i).keys()) {
                    s.add(
                            mix(key.hashCode() ^ KEYWORD_SEED) & mask,
                            FeatureVector.pack(FeatureVector.SOURCE_KEYWORD, false, i));
                }
            }
            // the opening of body and attachments (where a notice with a bare title, 关于印发有关文件的通知, says
            // what it is about): keyword nodes as features of their own in the text block, so the title's keywords
            // keep their weight; bounded, one table probe per character
            int titleHits = keywords.size();
            agencies.findKeywords(b, 0, Math.min(b.length(), KEYWORD_BODY_WINDOW), keywords);
            agencies.findKeywords(a, 0, Math.min(a.length(), KEYWORD_BODY_WINDOW), keywords);
            for (int i = titleHits; i < keywords.size(); i++) {
                for (String key : keywords.get(i).keys()) {
                    s.add(
                            mix(key.hashCode() ^ KEYWORD_BODY_SEED) & mask,
                            FeatureVector.pack(FeatureVector.SOURCE_KEYWORD_TEXT, false, i));
                }
            }
        }
        List<Agencies.Agency> found = List.of();
        if (agencies != null) {
            found = new ArrayList<>(4);
            if (publisher != null) {
                agencies.find(publisher, 0, publisher.length(), found);
            }
            agencies.find(t, 0, titleEnd, found);
            int head = Math.min(b.length(), AGENCY_WINDOW);
            agencies.find(b, 0, head, found);
            agencies.find(b, Math.max(head, b.length() - AGENCY_WINDOW), b.length(), found);
            // the first-named issuer leads a joint notice: the k-th agency found counts 1/k
            for (int i = 0; i < found.size(); i++) {
                for (String key : found.get(i).keys()) {
                    s.add(
                            mix(key.hashCode() ^ AGENCY_SEED) & mask,
                            FeatureVector.pack(FeatureVector.SOURCE_AGENCY, false, i),
                            1f / (i + 1));
                }
            }
        }
        return s.toVector(t, b, a, found, keywords, weights);
    }

    private void scan(Scratch s, String text, int from, int end, int source, int seed) {
        int prev1 = -1;
        int prev2 = -1;
        for (int i = from; i < end; i++) {
            int c = fold(text.charAt(i));
            if (c < 0) {
                prev1 = -1;
                prev2 = -1;
                continue;
            }
            if (prev1 >= 0) {
                int pair = prev1 << 16 | c;
                boolean digits = c == '0' && prev1 == '0'; // numbers (years, amounts) say nothing of the subject
                if (!digits) {
                    s.add(mix(pair ^ seed) & mask, FeatureVector.pack(source, false, i));
                }
                if (prev2 >= 0 && !(digits && prev2 == '0')) {
                    int head = mix(((prev2 << 16) | prev1) ^ seed ^ 0x27d4eb2f);
                    s.add(mix(head + c * 0x9E3779B9) & mask, FeatureVector.pack(source, true, i));
                }
            }
            prev2 = prev1;
            prev1 = c;
        }
    }

    /** The character as a feature symbol, or -1 for a separator. */
    private static int fold(char c) {
        if (c < 128) {
            if (c >= 'a' && c <= 'z') {
                return c;
            }
            if (c >= 'A' && c <= 'Z') {
                return c + 32;
            }
            return c >= '0' && c <= '9' ? '0' : -1;
        }
        if (c >= 0x4E00 && c <= 0x9FFF) {
            return c; // CJK Unified Ideographs, the common case
        }
        if (Character.isDigit(c)) {
            return '0';
        }
        return Character.isLetter(c) ? c : -1;
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /**
     * Open-addressing count table, reused per thread, sized per notice (at most half full): a table sized for the
     * longest notice spreads a short one's few thousand n-grams over hundreds of KB, a cache miss each. A slot holds
     * the key and the feature's position in dense per-feature arrays (counts, origins), so a repeated n-gram costs
     * one table read and the vector is built reading those arrays in order. The features keep their order of first
     * insertion, whatever the table's size.
     */
    private static final class Scratch {
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

        Scratch(int minSlots) {
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
                Weights weights) {
            int[] index = Arrays.copyOf(buckets, size);
            float[] value = new float[size];
            int[] origin = Arrays.copyOf(origins, size);
            double[] norms = new double[4];
            for (int i = 0; i < size; i++) {
                float c = counts[i];
                int count = (int) c;
                // whole counts (n-grams) as 1 + ln(tf); fractional ones (agencies) below 1 as they are
                float v = count == c && count < LOG_TF.length
                        ? LOG_TF[count]
                        : c < 1 ? c : 1f + (float) StrictMath.log(c);
                value[i] = v;
                norms[block(origin[i])] += v * v;
            }
            // per block: a floor on the norm, so a notice with little text carries little evidence and its scores
            // stay near the prior instead of a confident guess from one word; then the block's weight
            float[] scale = {
                (float) (weights.title() / StrictMath.sqrt(Math.max(norms[0], TITLE_FLOOR))),
                (float) (weights.agency() / StrictMath.sqrt(Math.max(norms[1], AGENCY_FLOOR))),
                (float) (weights.text() / StrictMath.sqrt(Math.max(norms[2], TEXT_FLOOR))),
                (float) (weights.keyword() / StrictMath.sqrt(Math.max(norms[3], KEYWORD_FLOOR)))
            };
            for (int i = 0; i < size; i++) {
                value[i] *= scale[block(origin[i])];
            }
            return new FeatureVector(index, value, origin, title, body, attachments, agencies, keywords);
        }

        private static int block(int origin) {
            int source = FeatureVector.source(origin);
            return source == FeatureVector.SOURCE_TITLE
                    ? 0
                    : source == FeatureVector.SOURCE_AGENCY ? 1 : source == FeatureVector.SOURCE_KEYWORD ? 3 : 2;
        }
    }
}
