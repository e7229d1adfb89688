package org.gongkai.enrich.normalise;

import java.util.Comparator;
import java.util.List;
import org.gongkai.analysis.fold.ScriptFolding;

/**
 * Genres (体裁): the statutory kinds and common local ones, recognised at the end of a title when the page
 * declares none. Thread-safe.
 */
public final class Genres {

    /** Longest first, so 命令 wins over 令 and 决议 is not read as 议. */
    static final List<String> KNOWN = List.of(
                    "通知", "公告", "通告", "决定", "意见", "通报", "批复", "报告", "请示", "函", "纪要", "命令", "令", "议案", "决议", "公报", "方案",
                    "办法", "规定", "细则", "规划", "计划", "要点")
            .stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();

    private static final String OPENING = "(（〔[【";
    private static final String CLOSING = ")）〕]】";
    private static final String STOPS = "》」』”\"'。.、，,";
    /** Longest bracketed trailer content, such as 征求意见稿. */
    private static final int MAX_BRACKETED = 12;

    private Genres() {}

    /** The genre a title ends with, or null. */
    public static String fromTitle(String title) {
        if (title == null || title.isBlank()) {
            return null;
        }
        String text = ScriptFolding.standard().fold(title.strip());
        text = withoutTrailer(text);
        for (String genre : KNOWN) {
            if (text.endsWith(genre)) {
                return genre;
            }
        }
        return null;
    }

    /**
     * {@code text} without trailing brackets such as （试行）, (征求意见稿) (1 to 12 characters, no brackets inside),
     * closing quotes, punctuation and spaces, in any mix. A loop from the end rather than a regular expression: a
     * repeated group ({@code (?:…|…)+$}) recurses once per repetition and overflows the stack on a title with
     * thousands of them.
     */
    static String withoutTrailer(String text) {
        int end = text.length();
        while (end > 0) {
            char last = text.charAt(end - 1);
            if (STOPS.indexOf(last) >= 0 || Character.isWhitespace(last)) {
                end--;
            } else if (CLOSING.indexOf(last) >= 0) {
                int open = end - 2;
                while (open >= 0
                        && end - 2 - open < MAX_BRACKETED
                        && OPENING.indexOf(text.charAt(open)) < 0
                        && CLOSING.indexOf(text.charAt(open)) < 0) {
                    open--;
                }
                if (open < 0 || open == end - 2 || OPENING.indexOf(text.charAt(open)) < 0) {
                    break;
                }
                end = open;
            } else {
                break;
            }
        }
        return text.substring(0, end);
    }
}
