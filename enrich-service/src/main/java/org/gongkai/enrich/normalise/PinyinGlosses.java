package org.gongkai.enrich.normalise;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * The text without glosses; the same instance when there were none. Scans only for opening parentheses, so a
     * text without any costs one pass of {@code indexOf}.
     */
    public static String strip(String text) {
        if (text == null) {
            return null;
        }
        int open = nextOpen(text, 0);
        if (open < 0) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        while (open >= 0) {
            int end = open;
            if (open > 0 && isHan(text.codePointBefore(open))) {
                int glossEnd;
                while ((glossEnd = glossAt(text, end)) > 0) {
                    end = glossEnd;
                }
            }
            if (end > open) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, open);
                copied = end;
                open = nextOpen(text, end);
            } else {
                open = nextOpen(text, open + 1);
            }
        }
        if (out == null) {
            return text;
        }
        out.append(text, copied, text.length());
        return out.toString();
    }

    private static int nextOpen(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '（') {
                return i;
            }
        }
        return -1;
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

    /** Toned vowels (precomposed, as mirror sites write them) and the vowel each stands for; ü is spelled v. */
    private static final String TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ";

    private static final String PLAIN = "aaaaeeeeiiiioooouuuuvvvvvnnnm";

    /** Verdicts of {@link #isSyllable}, bounded: glosses come from a small vocabulary, random text does not. */
    private static final Map<String, Boolean> VERDICTS = new ConcurrentHashMap<>();

    private static final int MAX_VERDICTS = 8192;

    static boolean isSyllable(String candidate) {
        Boolean known = VERDICTS.get(candidate);
        if (known != null) {
            return known;
        }
        boolean verdict = checkSyllable(candidate);
        if (VERDICTS.size() < MAX_VERDICTS) {
            VERDICTS.put(candidate, verdict);
        }
        return verdict;
    }

    private static boolean checkSyllable(String candidate) {
        StringBuilder plain = new StringBuilder(candidate.length());
        boolean toned = false;
        for (int k = 0; k < candidate.length(); k++) {
            char c = candidate.charAt(k);
            if (c >= 'a' && c <= 'z') {
                plain.append(c);
                continue;
            }
            int t = TONED.indexOf(c);
            if (t >= 0) {
                toned |= c != 'ü';
                plain.append(PLAIN.charAt(t));
                continue;
            }
            if (c >= '\u0300' && c <= '\u036f') {
                // a combining tone mark after its vowel; a combining diaeresis turns u into v
                toned |= c != '\u0308';
                int last = plain.length() - 1;
                if (c == '\u0308' && last >= 0 && plain.charAt(last) == 'u') {
                    plain.setCharAt(last, 'v');
                }
                continue;
            }
            return false; // upper case, digits, Han: not a gloss
        }
        if (plain.isEmpty() || plain.length() == 1 && !toned) {
            return false; // "(a)" is more often an enumeration than a toneless gloss
        }
        return SYLLABLE.matcher(plain).matches();
    }

    private static boolean isHan(int cp) {
        // the common blocks first: UnicodeScript.of is a binary search
        if (cp >= 0x4E00 && cp <= 0x9FFF || cp >= 0x3400 && cp <= 0x4DBF) {
            return true;
        }
        if (cp < 0x2E80) {
            return false;
        }
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }
}
