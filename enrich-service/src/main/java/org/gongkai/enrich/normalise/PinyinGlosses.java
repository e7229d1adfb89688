package org.gongkai.enrich.normalise;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Removes pinyin glosses that mirror sites insert after Han characters: {@code 索引號(hào)},
 * {@code 政(zheng)(zheng)府}, with or without tone marks, ASCII or full-width parentheses, repeated.
 *
 * <p>A parenthesised group is a gloss only when it follows a Han character and holds one lower-case pinyin
 * syllable, so {@code 世界贸易组织(WTO)}, {@code 附件(pdf)} or {@code 服务中心(站)} stay untouched. Thread-safe.
 */
public final class PinyinGlosses {

    /** Initial (optional), a vowel group, an optional nasal or retroflex ending: a pinyin syllable, tones removed. */
    private static final Pattern SYLLABLE =
            Pattern.compile("(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:[aeiouv]{1,3})(?:ng|n|r)?");

    private static final int MAX_SYLLABLE = 7;

    private PinyinGlosses() {}

    /** The text without glosses; the same instance when there were none. */
    public static String strip(String text) {
        if (text == null || text.indexOf('(') < 0 && text.indexOf('（') < 0) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isHan(cp)) {
                int end = next;
                int glossEnd;
                while ((glossEnd = glossAt(text, end)) > 0) {
                    end = glossEnd;
                }
                if (end > next) {
                    if (out == null) {
                        out = new StringBuilder(text.length());
                    }
                    out.append(text, copied, next);
                    copied = end;
                    i = end;
                    continue;
                }
            }
            i = next;
        }
        if (out == null) {
            return text;
        }
        out.append(text, copied, text.length());
        return out.toString();
    }

    /** Whether the text carries at least one gloss. */
    public static boolean hasGloss(String text) {
        String stripped = strip(text);
        return stripped != null && !stripped.equals(text);
    }

    /** End index of a gloss starting at {@code start}, or -1. */
    private static int glossAt(String text, int start) {
        if (start >= text.length()) {
            return -1;
        }
        char open = text.charAt(start);
        if (open != '(' && open != '（') {
            return -1;
        }
        int close = -1;
        for (int j = start + 1; j < text.length() && j <= start + 1 + MAX_SYLLABLE; j++) {
            char c = text.charAt(j);
            if (c == ')' || c == '）') {
                close = j;
                break;
            }
        }
        if (close < 0 || close == start + 1) {
            return -1;
        }
        return isSyllable(text.substring(start + 1, close)) ? close + 1 : -1;
    }

    static boolean isSyllable(String candidate) {
        String decomposed = Normalizer.normalize(candidate, Normalizer.Form.NFD);
        StringBuilder plain = new StringBuilder(decomposed.length());
        boolean toned = false;
        for (int k = 0; k < decomposed.length(); k++) {
            char c = decomposed.charAt(k);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                toned |= c != '\u0308';
                // tone marks and the diaeresis of ü; ü itself is spelled v below
                if (c == '\u0308') {
                    int last = plain.length() - 1;
                    if (last >= 0 && plain.charAt(last) == 'u') {
                        plain.setCharAt(last, 'v');
                    }
                }
                continue;
            }
            if (c < 'a' || c > 'z') {
                return false; // upper case, digits, Han: not a gloss
            }
            plain.append(c);
        }
        if (plain.isEmpty() || plain.length() == 1 && !toned) {
            return false; // "(a)" is more often an enumeration than a toneless gloss
        }
        return SYLLABLE.matcher(plain.toString().toLowerCase(Locale.ROOT)).matches();
    }

    private static boolean isHan(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }
}
