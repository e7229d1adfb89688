package org.gongkai.enrich.extract;

import java.util.regex.Pattern;

/** Small text helpers shared by the extractors. */
final class Text {

    /** Lines that are page furniture rather than content: print/close buttons, font-size switches, share bars. */
    private static final Pattern BOILERPLATE = Pattern.compile("^(?:(?:[【\\[]\\s*[^】\\]]{1,8}\\s*[】\\]]\\s*)+"
            + "|[【\\[]?\\s*(?:字号|字体|字號|字體|分享到|分享)\\s*[：:].{0,20}"
            + "|.{0,10}(?:扫一扫在手机打开当前页|扫一扫在手机上查看当前页面|打印本页|关闭窗口|返回顶部).{0,10})$");

    private Text() {}

    /** Strips whitespace of every kind (U+3000 and no-break spaces included) and invisible characters. */
    static String trim(String text) {
        if (text == null) {
            return "";
        }
        int start = 0;
        int end = text.length();
        while (start < end && isBlankChar(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlankChar(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    static boolean isBlankChar(char c) {
        return Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || c == '\u200b'
                || c == '\u200c'
                || c == '\u200d'
                || c == '\ufeff';
    }

    /**
     * Characters of which {@link #BOILERPLATE} needs one to match: the opening bracket of its first alternative, the
     * first character of each word of the other two.
     */
    private static final String BOILERPLATE_CHARS = "【[字分扫打关返";

    /** Whether a body line is page furniture (see {@link #BOILERPLATE}). */
    static boolean isBoilerplate(String line) {
        return line.length() <= 40
                && mayBeBoilerplate(line)
                && BOILERPLATE.matcher(line).matches();
    }

    /** Whether {@code line} holds one of {@link #BOILERPLATE_CHARS}: most body lines hold none, and skip the regex. */
    private static boolean mayBeBoilerplate(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (BOILERPLATE_CHARS.indexOf(line.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
