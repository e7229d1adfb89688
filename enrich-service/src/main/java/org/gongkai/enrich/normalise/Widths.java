package org.gongkai.enrich.normalise;

/**
 * Folds full-width forms: full-width ASCII letters, digits and symbols ({@code ＡＢＣ２０２３／－}) to ASCII and the
 * ideographic space U+3000 to a space. Chinese punctuation ({@code ，。：；（）、！？}) is the normal form of
 * Chinese text and stays. Thread-safe.
 */
public final class Widths {

    /** Full-width punctuation that Chinese text uses as such: kept. */
    private static final String KEEP = "，。：；（）！？、";

    private Widths() {}

    /** The text with full-width forms folded; the same instance when it has none; null for null. */
    public static String fold(String text) {
        if (text == null) {
            return null;
        }
        int first = -1;
        for (int i = 0; i < text.length(); i++) {
            if (folds(text.charAt(i))) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return text;
        }
        char[] chars = text.toCharArray();
        for (int i = first; i < chars.length; i++) {
            char c = chars[i];
            if (folds(c)) {
                chars[i] = c == '\u3000' ? ' ' : (char) (c - 0xFEE0);
            }
        }
        return new String(chars);
    }

    private static boolean folds(char c) {
        return c == '\u3000' || c >= '\uff01' && c <= '\uff5e' && KEEP.indexOf(c) < 0;
    }
}
