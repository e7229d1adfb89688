package org.gongkai.enrich.normalise;

import java.util.Set;
import java.util.regex.Pattern;

/** Cleaning of metadata values: glosses removed, padding and runs of whitespace collapsed. Thread-safe. */
public final class Values {

    /** Placeholders that sites write into empty fields. */
    private static final Set<String> ABSENT =
            Set.of("无", "無", "暂无", "暫無", "空", "-", "--", "—", "——", "/", "\\", "null", "NULL", "无文号", "無文號");

    /** Compiled once: {@code String.replaceAll} compiles its expression on every call. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Values() {}

    /** {@code text.replaceAll("\\s+", "")} without compiling the expression per call. */
    static String withoutWhitespace(String text) {
        return WHITESPACE.matcher(text).replaceAll("");
    }

    /** The value without pinyin glosses, invisible characters and padding; empty for null. */
    public static String clean(String value) {
        if (value == null) {
            return "";
        }
        String text = PinyinGlosses.strip(value);
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Labels.isInvisible(cp)) {
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = true;
                continue;
            }
            if (space && !out.isEmpty()) {
                out.append(' ');
            }
            space = false;
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** Whether a cleaned value means "nothing": empty or a placeholder such as 无 or —. */
    public static boolean isAbsent(String cleaned) {
        return cleaned == null || cleaned.isBlank() || ABSENT.contains(cleaned.strip());
    }
}
