package org.gongkai.ingest.extract;

import java.util.Collections;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A page's text as {@link NoticePageRecognizer} looks for labels in it: traditional label characters folded to
 * simplified ({@code 發布機構} → {@code 发布机构}) and the pinyin glosses that mirror sites insert dropped
 * ({@code 索引號(hào)} → {@code 索引号}). Stateless and thread-safe.
 */
final class LabelText {

    private static final Map<Character, Character> TRADITIONAL = traditional();
    /** {@link #TRADITIONAL} as a table over the range of its characters (no boxing per character of a page). */
    private static final char FOLD_FROM =
            (char) TRADITIONAL.keySet().stream().mapToInt(c -> c).min().orElseThrow();

    private static final char[] FOLD = foldTable();

    private static final String PINYIN_LETTERS = "[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]";
    private static final Pattern PINYIN_GLOSS = Pattern.compile("[(（]" + PINYIN_LETTERS + "{1,7}[)）]");
    private static final Pattern PINYIN_LETTER = Pattern.compile(PINYIN_LETTERS);

    private LabelText() {}

    /** Folds traditional label characters to simplified and drops pinyin glosses. */
    static String normalize(String text) {
        char[] folded = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char simplified = c >= FOLD_FROM && c < FOLD_FROM + FOLD.length ? FOLD[c - FOLD_FROM] : 0;
            if (simplified != 0) {
                if (folded == null) {
                    folded = text.toCharArray();
                }
                folded[i] = simplified;
            }
        }
        String result = folded == null ? text : new String(folded);
        // a gloss is a bracket and a pinyin letter: none, no regex (a paragraph has brackets, seldom a gloss)
        if (!opensGloss(result, '(') && !opensGloss(result, '（')) {
            return result;
        }
        return PINYIN_GLOSS.matcher(result).replaceAll("");
    }

    /** Whether some {@code bracket} in {@code text} is followed by a pinyin letter, as a gloss starts. */
    private static boolean opensGloss(String text, char bracket) {
        for (int i = text.indexOf(bracket); i >= 0 && i + 1 < text.length(); i = text.indexOf(bracket, i + 1)) {
            if (PINYIN_LETTER.matcher(text.subSequence(i + 1, i + 2)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static char[] foldTable() {
        int to = TRADITIONAL.keySet().stream().mapToInt(c -> c).max().orElseThrow();
        char[] table = new char[to - FOLD_FROM + 1];
        TRADITIONAL.forEach((from, simplified) -> table[from - FOLD_FROM] = simplified);
        return table;
    }

    private static Map<Character, Character> traditional() {
        String from = "號題類發佈機構開範時詞關體種屬產製單資訊編統於際書實";
        String to = "号题类发布机构开范时词关体种属产制单资讯编统于际书实";
        if (from.length() != to.length()) {
            throw new IllegalStateException("traditional/simplified tables differ in length");
        }
        Map<Character, Character> map = new java.util.HashMap<>();
        for (int i = 0; i < from.length(); i++) {
            map.put(from.charAt(i), to.charAt(i));
        }
        return Collections.unmodifiableMap(map);
    }
}
