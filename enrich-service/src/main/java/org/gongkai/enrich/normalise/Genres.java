package org.gongkai.enrich.normalise;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
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

    /** Trailing brackets such as （试行）, (征求意见稿), closing quotes and punctuation. */
    private static final Pattern TRAILER =
            Pattern.compile("(?:[(（〔\\[【][^()（）〔〕\\[\\]【】]{1,12}[)）〕\\]】]|[》」』”\"'。.、，,\\s])+$");

    private Genres() {}

    /** The genre a title ends with, or null. */
    public static String fromTitle(String title) {
        if (title == null || title.isBlank()) {
            return null;
        }
        String text = ScriptFolding.standard().fold(title.strip());
        text = TRAILER.matcher(text).replaceAll("");
        for (String genre : KNOWN) {
            if (text.endsWith(genre)) {
                return genre;
            }
        }
        return null;
    }
}
