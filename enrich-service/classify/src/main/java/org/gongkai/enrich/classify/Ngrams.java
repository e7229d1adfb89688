package org.gongkai.enrich.classify;

/**
 * The character n-grams of {@link TextFeatures}: bigrams and trigrams within runs of letters and digits (cut at
 * punctuation and spaces), digits folded to {@code 0} (n-grams of digits only dropped), ASCII letters to lower
 * case, hashed into the feature space. Stateless.
 */
final class Ngrams {

    private Ngrams() {}

    /**
     * Adds the n-grams of {@code text[from, end)} to {@code s}, hashed with {@code seed} into {@code mask + 1}
     * buckets.
     */
    static void scan(FeatureTable s, String text, int from, int end, int source, int seed, int mask) {
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

    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
