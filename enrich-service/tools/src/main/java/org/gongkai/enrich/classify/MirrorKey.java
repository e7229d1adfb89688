package org.gongkai.enrich.classify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The key that mirror copies of a notice share: SHA-256 (first 16 hex digits) over the title and the first 300
 * characters of the body, each reduced to letters and digits (punctuation, spaces, widths and markup differ between
 * mirrors; the words do not). Used to count a notice once and to keep its copies on one side of a split. Text is
 * expected in Simplified script, as enrichment leaves it. Thread-safe.
 */
public final class MirrorKey {

    private static final int BODY_CHARS = 300;

    private MirrorKey() {}

    public static String of(String title, String body) {
        StringBuilder text = new StringBuilder();
        letters(title, Integer.MAX_VALUE, text);
        text.append('|');
        letters(body, BODY_CHARS, text);
        return hash(text);
    }

    /**
     * The keys the same notice may have when crawled: {@link #of}, and, when the body opens with the title again
     * (as the shipped real notices' texts do), the key of the body after it (a crawled page's body usually leaves the
     * repeated title out: 114 of 290 shipped notices crawled in session 19).
     */
    public static Set<String> variants(String title, String body) {
        StringBuilder t = new StringBuilder();
        letters(title, Integer.MAX_VALUE, t);
        StringBuilder opening = new StringBuilder();
        letters(body, BODY_CHARS + t.length(), opening);
        Set<String> keys = new LinkedHashSet<>();
        keys.add(of(title, body));
        if (t.length() > 0 && opening.length() > t.length() && opening.indexOf(t.toString()) == 0) {
            StringBuilder text = new StringBuilder(t).append('|');
            text.append(opening, t.length(), Math.min(opening.length(), t.length() + BODY_CHARS));
            keys.add(hash(text));
        }
        return keys;
    }

    private static String hash(StringBuilder text) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void letters(String s, int max, StringBuilder out) {
        if (s == null) {
            return;
        }
        int kept = 0;
        for (int i = 0; i < s.length() && kept < max; i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c >= 0xFF01 && c <= 0xFF5E ? (char) (c - 0xFEE0) : c));
                kept++;
            }
        }
    }
}
