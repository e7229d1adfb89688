package org.gongkai.enrich.classify;

/**
 * Turns a notice into hashed character bigrams and trigrams (the signature of the "hashing trick" linear text
 * classifiers): runs of letters and digits are cut at punctuation and spaces, digits fold to {@code 0} (n-grams of
 * digits only are dropped), ASCII letters to lower case; the title's n-grams are counted twice, once in a title-only namespace. Values are {@code 1 + ln(tf)}, L2-normalised
 * with a floor on the norm so that short texts weigh less. Body and attachment
 * text are read up to {@link #maxChars()} characters together (the opening of a notice carries its subject; the
 * cap bounds latency). Thread-safe: per-thread scratch space.
 */
public final class TextFeatures {

    private static final int TITLE_SEED = 0x5bd1e995;
    private static final int TEXT_SEED = 0x1b873593;
    private static final int MAX_TITLE_CHARS = 300;
    /** Squared-norm floor: vectors of fewer than ~64 n-grams' worth of evidence are scaled down, not up. */
    private static final double MIN_SQUARED_NORM = 64;
    /** {@code 1 + ln(tf)} for small counts: StrictMath keeps models byte-identical across platforms. */
    private static final float[] LOG_TF = new float[256];

    static {
        for (int tf = 1; tf < LOG_TF.length; tf++) {
            LOG_TF[tf] = 1f + (float) StrictMath.log(tf);
        }
    }

    private final int bits;
    private final int mask;
    private final int maxChars;
    private final ThreadLocal<Scratch> scratch;

    /**
     * @param bits     the feature space has {@code 2^bits} buckets
     * @param maxChars body and attachment characters read per notice
     */
    public TextFeatures(int bits, int maxChars) {
        if (bits < 10 || bits > 26 || maxChars < 100 || maxChars > 1 << 24) {
            throw new IllegalArgumentException("bits in [10, 26], maxChars in [100, 2^24]");
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
        this.maxChars = maxChars;
        int slots = Integer.highestOneBit(Math.max(1024, (maxChars + MAX_TITLE_CHARS) * 4) - 1) << 1;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(slots));
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

    /** The features of a notice; any argument may be {@code null}. */
    public FeatureVector extract(String title, String body, String attachments) {
        String t = title == null ? "" : title;
        String b = body == null ? "" : body;
        String a = attachments == null ? "" : attachments;
        Scratch s = scratch.get();
        s.clear();
        int titleEnd = Math.min(t.length(), MAX_TITLE_CHARS);
        scan(s, t, titleEnd, FeatureVector.SOURCE_TITLE, TITLE_SEED);
        scan(s, t, titleEnd, FeatureVector.SOURCE_TITLE, TEXT_SEED);
        int bodyEnd = Math.min(b.length(), maxChars);
        scan(s, b, bodyEnd, FeatureVector.SOURCE_BODY, TEXT_SEED);
        int rest = maxChars - bodyEnd;
        if (rest > 0) {
            scan(s, a, Math.min(a.length(), rest), FeatureVector.SOURCE_ATTACHMENTS, TEXT_SEED);
        }
        return s.toVector(t, b, a);
    }

    private void scan(Scratch s, String text, int end, int source, int seed) {
        int prev1 = -1;
        int prev2 = -1;
        for (int i = 0; i < end; i++) {
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

    /** Open-addressing count table, reused per thread. */
    private static final class Scratch {
        final int[] keys; // bucket + 1, 0 = empty
        final float[] counts;
        final int[] origins;
        final int[] used;
        final int slotMask;
        int size;

        Scratch(int slots) {
            keys = new int[slots];
            counts = new float[slots];
            origins = new int[slots];
            used = new int[slots];
            slotMask = slots - 1;
        }

        void clear() {
            for (int i = 0; i < size; i++) {
                keys[used[i]] = 0;
            }
            size = 0;
        }

        void add(int bucket, int origin) {
            int key = bucket + 1;
            int slot = (key * 0x9E3779B9) >>> 7 & slotMask;
            while (true) {
                int k = keys[slot];
                if (k == key) {
                    counts[slot] += 1f;
                    return;
                }
                if (k == 0) {
                    keys[slot] = key;
                    counts[slot] = 1f;
                    origins[slot] = origin;
                    used[size++] = slot;
                    return;
                }
                slot = slot + 1 & slotMask;
            }
        }

        FeatureVector toVector(String title, String body, String attachments) {
            int[] index = new int[size];
            float[] value = new float[size];
            int[] origin = new int[size];
            double norm = 0;
            for (int i = 0; i < size; i++) {
                int slot = used[i];
                index[i] = keys[slot] - 1;
                int count = (int) counts[slot];
                float v = count < LOG_TF.length ? LOG_TF[count] : 1f + (float) StrictMath.log(count);
                value[i] = v;
                origin[i] = origins[slot];
                norm += v * v;
            }
            if (norm > 0) {
                // a floor on the norm: a notice with little text carries little evidence, so its scores stay
                // near the prior and it ends up unclassified instead of confidently guessed from one word
                float inv = (float) (1 / StrictMath.sqrt(Math.max(norm, MIN_SQUARED_NORM)));
                for (int i = 0; i < size; i++) {
                    value[i] *= inv;
                }
            }
            return new FeatureVector(index, value, origin, title, body, attachments);
        }
    }
}
