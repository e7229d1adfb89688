package org.gongkai.enrich.normalise;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.gongkai.analysis.fold.ScriptFolding;

/**
 * Label normalisation and the label vocabulary.
 *
 * <p>A label as found ({@code 索 引 号：}, {@code 标　　题}, {@code 索引號(hào):}) is normalised by removing pinyin
 * glosses, width variants, whitespace (U+3000 included), colons and enclosing brackets, then folding
 * Traditional characters, so that every variant of domain.md's table matches exactly. Thread-safe.
 */
public final class Labels {

    /** Labels that are not canonical fields but are known to belong to metadata blocks. */
    private static final Set<String> OTHER_KNOWN = Set.of(
            "组配分类", "服务对象分类", "服务对象", "机构分类", "信息类别", "公开程序", "生效日期", "施行日期", "实施日期", "有效期", "发布人", "责任部门", "内容概述",
            "内容概要", "摘要", "文件类型", "信息格式", "载体类型", "语种", "所属主题");

    private static final Map<String, Field> FIELDS = new HashMap<>();

    static {
        for (Field field : Field.values()) {
            for (String label : field.labels()) {
                FIELDS.put(label, field);
            }
        }
    }

    private static final String EDGE_CHARS = ":：﹕【】[]〔〕「」『』<>《》*＊·•";

    /** Characters in the longest plausible unknown label ({@link #isPlausible}). */
    public static final int MAX_LABEL_LENGTH = 10;

    /** Characters in the longest known label ({@link #isKnown}). */
    public static final int MAX_KNOWN_LENGTH = Stream.concat(FIELDS.keySet().stream(), OTHER_KNOWN.stream())
            .mapToInt(label -> label.codePointCount(0, label.length()))
            .max()
            .orElse(0);

    private Labels() {}

    /** The normalised form of a label as found; empty for null. */
    public static String normalise(String label) {
        if (label == null) {
            return "";
        }
        if (isPlainHan(label)) {
            // nothing for the steps below to remove or fold but script: the extractor tries every stretch of Han
            // characters before a colon in the text as a label, so this path is hot
            return ScriptFolding.standard().fold(label);
        }
        String text = Normalizer.normalize(PinyinGlosses.strip(label), Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && !isInvisible(cp)) {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        int start = 0;
        int end = out.length();
        while (start < end && EDGE_CHARS.indexOf(out.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && EDGE_CHARS.indexOf(out.charAt(end - 1)) >= 0) {
            end--;
        }
        return ScriptFolding.standard().fold(out.substring(start, end));
    }

    /** The canonical field of a normalised label, if it is one of the variants. */
    public static Optional<Field> field(String normalisedLabel) {
        return Optional.ofNullable(FIELDS.get(normalisedLabel));
    }

    /** Whether a normalised label is a canonical variant or another known metadata label. */
    public static boolean isKnown(String normalisedLabel) {
        return FIELDS.containsKey(normalisedLabel) || OTHER_KNOWN.contains(normalisedLabel);
    }

    /**
     * Whether a normalised label could be an unknown metadata label: two to ten Han characters. Used only where
     * the layout already says "label" (a cell ending in a colon inside a metadata block).
     */
    public static boolean isPlausible(String normalisedLabel) {
        int length = normalisedLabel.codePointCount(0, normalisedLabel.length());
        if (length < 2 || length > MAX_LABEL_LENGTH) {
            return false;
        }
        return normalisedLabel
                .codePoints()
                .allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    /**
     * Whether {@code text} is made of CJK Unified Ideographs (the BMP's main block and extension A) only, which NFKC
     * leaves unchanged and which are neither whitespace, invisible, edge characters nor part of a pinyin gloss: such a
     * label's normal form is its script folding alone.
     */
    public static boolean isPlainHan(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isPlainHan(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A lower bound of the length (in code points) of {@link #normalise}'s result for {@code text[from, to)}: its
     * number of Han characters ({@link #isHan}). Each of them stays one character: glosses remove only parentheses
     * and pinyin, NFKC maps a Han character (a compatibility ideograph, a Kangxi radical) to one Han character,
     * whitespace, invisible and edge characters are not Han, and script folding maps a character to a character.
     * So text with more Han characters than {@link #MAX_KNOWN_LENGTH} cannot normalise to a known label, nor with
     * more than {@link #MAX_LABEL_LENGTH} to a plausible one: the extractor's label search skips such candidates
     * without normalising them.
     */
    public static int minNormalisedLength(CharSequence text, int from, int to) {
        int han = 0;
        for (int i = from; i < to; i++) {
            if (isHan(text.charAt(i))) {
                han++;
            }
        }
        return han;
    }

    /** Whether {@code c} is a Han character (Unicode script), the common CJK blocks checked first. */
    public static boolean isHan(char c) {
        return isPlainHan(c) || Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    /** Whether {@code c} is a CJK Unified Ideograph of the BMP's main block or extension A. */
    public static boolean isPlainHan(char c) {
        return (c >= '\u4e00' && c <= '\u9fff') || (c >= '\u3400' && c <= '\u4dbf');
    }

    static boolean isInvisible(int cp) {
        return cp == '\u200b' || cp == '\u200c' || cp == '\u200d' || cp == '\ufeff' || cp == '\u00ad';
    }
}
