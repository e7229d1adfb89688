package org.gongkai.analysis.fold;

import java.io.IOException;
import java.io.InputStream;
import java.util.BitSet;
import java.util.Map;

/**
 * Traditional → Simplified folding through a character table and a phrase table, and script detection.
 *
 * <p>The table is generated at build time from ICU4J's {@code Traditional-Simplified} transliterator
 * ({@code src/build/GenerateScriptTables.java}) into the class-path resources {@value #T2S_RESOURCE} and
 * {@value #SIMPLIFIED_RESOURCE}, read by {@link ScriptTables}; ICU itself is not needed at run time. Lookup is a {@code char[]} over the Basic
 * Multilingual Plane plus a small map for the supplementary planes, so folding costs one array read per
 * character, and a text without Traditional characters is returned as the same instance without copying.
 *
 * <p>Where one Traditional character stands for several Simplified ones, the phrase table
 * {@value #PHRASES_RESOURCE} (generated from OpenCC's dictionaries, {@code src/build/GeneratePhraseTable.java})
 * decides by context: {@link #fold(String)} takes the longest phrase starting at each position (覆函 → 复函, 乾隆
 * stays 乾隆 where 乾燥 → 干燥), the character table elsewhere. Each phrase maps one code point to one, so
 * a char filter can do the same through {@link #phrases()} while keeping offsets. {@link #fold(int)} and
 * {@link #foldCharacters(String)} are the character table alone.
 *
 * <p>Plain Java on purpose (no Spring, Elasticsearch or Lucene): one table for enrichment (enrich-service) and
 * search (the analysis plugin's char filters). Immutable and thread-safe.
 */
public final class ScriptFolding {

    public static final String T2S_RESOURCE = "/gongkai/script/t2s.tsv";
    public static final String SIMPLIFIED_RESOURCE = "/gongkai/script/simplified.txt";
    public static final String PHRASES_RESOURCE = "/gongkai/script/t2s-phrases.tsv";

    /** The script a text is written in. */
    public enum Script {
        SIMPLIFIED,
        TRADITIONAL,
        MIXED;

        /** Lower-case name used in events. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Share of Traditional-only characters (among characters specific to one script) at or above which a text
     * is Traditional, and at or below whose complement it is Simplified; in between it is mixed.
     */
    static final double DOMINANT_SHARE = 0.9;

    /** Fewer script-specific characters than this are no evidence: a few stray forms occur in any text. */
    static final int MIN_TRADITIONAL = 3;

    /** Marks a BMP entry whose target is in {@link #supplementary} (U+FFFF is a noncharacter, never a target). */
    static final char IN_MAP = '\uffff';

    private final char[] bmp;
    private final Map<Integer, Integer> supplementary;
    private final BitSet simplifiedOnly;
    private final int size;
    private final PhraseTable phrases;

    /** The tables as {@link ScriptTables} reads them. */
    ScriptFolding(
            char[] bmp, Map<Integer, Integer> supplementary, BitSet simplifiedOnly, int size, PhraseTable phrases) {
        this.bmp = bmp;
        this.phrases = phrases;
        this.supplementary = Map.copyOf(supplementary);
        this.simplifiedOnly = simplifiedOnly;
        this.size = size;
    }

    /** The generated table, loaded once from the class path. */
    public static ScriptFolding standard() {
        return Holder.STANDARD;
    }

    private static final class Holder {
        static final ScriptFolding STANDARD = fromClassPath();
    }

    /** @throws IllegalStateException when the generated resources are missing or malformed */
    static ScriptFolding fromClassPath() {
        return ScriptTables.fromClassPath();
    }

    /**
     * Reads a table of {@code traditional<TAB>simplified} lines and a list of Simplified-only characters, one
     * code point each ({@code #} starts a comment line).
     *
     * @throws IllegalStateException when a line is malformed
     */
    public static ScriptFolding load(InputStream t2s, InputStream simplifiedOnly) throws IOException {
        return ScriptTables.load(t2s, simplifiedOnly, null);
    }

    /**
     * {@link #load(InputStream, InputStream)} plus a phrase table of {@code traditional<TAB>simplified} lines of
     * equal code-point length (none when null).
     *
     * @throws IllegalStateException when a line is malformed
     */
    public static ScriptFolding load(InputStream t2s, InputStream simplifiedOnly, InputStream phrases)
            throws IOException {
        return ScriptTables.load(t2s, simplifiedOnly, phrases);
    }

    /** The Simplified form of a code point, the code point itself when it is not Traditional. */
    public int fold(int cp) {
        if (cp <= Character.MAX_VALUE) {
            char mapped = bmp[cp];
            return mapped == 0 ? cp : mapped == IN_MAP ? supplementary.get(cp) : mapped;
        }
        return supplementary.isEmpty() ? cp : supplementary.getOrDefault(cp, cp);
    }

    /** Whether the code point is Traditional-only (the table folds it). */
    public boolean isTraditional(int cp) {
        return fold(cp) != cp;
    }

    /** Whether the code point is Simplified-only (a Simplified form that is not also Traditional). */
    public boolean isSimplified(int cp) {
        return simplifiedOnly.get(cp);
    }

    /**
     * The text in Simplified: at each position the longest phrase of the phrase table, else the character's
     * Simplified form. The same instance when nothing changes for lack of Traditional characters and phrases (the
     * common case for mainland pages), null for null.
     */
    public String fold(String text) {
        if (text == null) {
            return null;
        }
        int first = firstChange(text, true);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, first);
        int length = text.length();
        for (int i = first; i < length; ) {
            int cp = text.codePointAt(i);
            if (phrases.starts(cp)) {
                int phrase = phrases.match(text, i, length);
                if (phrase >= 0) {
                    for (int target : phrases.target(phrase)) {
                        out.appendCodePoint(target);
                    }
                    i += phrases.length(phrase);
                    continue;
                }
            }
            out.appendCodePoint(fold(cp));
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /**
     * The text with every Traditional character replaced by its Simplified form through the character table alone
     * (no phrases); the same instance when it has none, null for null.
     */
    public String foldCharacters(String text) {
        if (text == null) {
            return null;
        }
        int first = firstChange(text, false);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int cp = text.codePointAt(i);
            out.appendCodePoint(fold(cp));
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Index of the first Traditional character (or phrase, when asked), -1 when there is none. */
    private int firstChange(String text, boolean withPhrases) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int cp = Character.isHighSurrogate(c) ? text.codePointAt(i) : c;
            if (withPhrases && phrases.starts(cp)) {
                int phrase = phrases.match(text, i, text.length());
                if (phrase >= 0) {
                    if (!phrases.targetEquals(phrase, text, i)) {
                        return i;
                    }
                    i += phrases.length(phrase) - 1; // a phrase that keeps its characters (乾坤) changes nothing
                    continue;
                }
            }
            if (cp > Character.MAX_VALUE) {
                if (isTraditional(cp)) {
                    return i;
                }
                i++;
            } else if (bmp[c] != 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The phrase table, for streaming callers (the char filter) that match in their own buffer: see
     * {@link PhraseTable#maxLength()} for the look-ahead they need.
     */
    public PhraseTable phrases() {
        return phrases;
    }

    /** How many characters of the text are Traditional-only. */
    public int traditionalCount(CharSequence text) {
        if (text == null) {
            return 0;
        }
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            if (isTraditional(cp)) {
                count++;
            }
            i += Character.charCount(cp);
        }
        return count;
    }

    /** How many characters of the text are Simplified-only. */
    public int simplifiedCount(CharSequence text) {
        if (text == null) {
            return 0;
        }
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            if (simplifiedOnly.get(cp)) {
                count++;
            }
            i += Character.charCount(cp);
        }
        return count;
    }

    /**
     * The script of a text given its counts of Traditional-only and Simplified-only characters: Traditional when
     * at least {@value #MIN_TRADITIONAL} Traditional characters make up 90 % of the script-specific ones,
     * Simplified when they are fewer than that or at most 10 %, mixed otherwise. A text without any
     * script-specific character (or without Han) counts as Simplified, the default of mainland pages.
     */
    public static Script detect(int traditional, int simplified) {
        if (traditional < MIN_TRADITIONAL) {
            return Script.SIMPLIFIED;
        }
        double share = (double) traditional / (traditional + simplified);
        if (share >= DOMINANT_SHARE) {
            return Script.TRADITIONAL;
        }
        if (share <= 1 - DOMINANT_SHARE) {
            return Script.SIMPLIFIED;
        }
        return Script.MIXED;
    }

    /** {@link #detect(int, int)} of one text. */
    public Script detect(CharSequence text) {
        return detect(traditionalCount(text), simplifiedCount(text));
    }

    /** Number of Traditional → Simplified pairs. */
    public int size() {
        return size;
    }
}
