package org.gongkai.analysis.fold;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Traditional → Simplified folding through a character table, and script detection.
 *
 * <p>The table is generated at build time from ICU4J's {@code Traditional-Simplified} transliterator
 * ({@code src/build/GenerateScriptTables.java}) into the class-path resources {@value #T2S_RESOURCE} and
 * {@value #SIMPLIFIED_RESOURCE}; ICU itself is not needed at run time. Lookup is a {@code char[]} over the Basic
 * Multilingual Plane plus a small map for the supplementary planes, so folding costs one array read per
 * character, and a text without Traditional characters is returned as the same instance without copying.
 *
 * <p>Plain Java on purpose (no Spring, Elasticsearch or Lucene): one table for enrichment (enrich-service) and
 * search (the analysis plugin's char filters). Immutable and thread-safe.
 */
public final class ScriptFolding {

    public static final String T2S_RESOURCE = "/gongkai/script/t2s.tsv";
    public static final String SIMPLIFIED_RESOURCE = "/gongkai/script/simplified.txt";

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
    private static final char IN_MAP = '\uffff';

    private final char[] bmp;
    private final Map<Integer, Integer> supplementary;
    private final BitSet simplifiedOnly;
    private final int size;

    private ScriptFolding(char[] bmp, Map<Integer, Integer> supplementary, BitSet simplifiedOnly, int size) {
        this.bmp = bmp;
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
        try (InputStream t2s = ScriptFolding.class.getResourceAsStream(T2S_RESOURCE);
                InputStream simplified = ScriptFolding.class.getResourceAsStream(SIMPLIFIED_RESOURCE)) {
            if (t2s == null || simplified == null) {
                throw new IllegalStateException("script tables " + T2S_RESOURCE + " / " + SIMPLIFIED_RESOURCE
                        + " missing from the class path (generated at build time)");
            }
            return load(t2s, simplified);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a table of {@code traditional<TAB>simplified} lines and a list of Simplified-only characters, one
     * code point each ({@code #} starts a comment line).
     *
     * @throws IllegalStateException when a line is malformed
     */
    public static ScriptFolding load(InputStream t2s, InputStream simplifiedOnly) throws IOException {
        char[] bmp = new char[Character.MAX_VALUE + 1];
        Map<Integer, Integer> supplementary = new HashMap<>();
        int size = 0;
        BufferedReader reader = new BufferedReader(new InputStreamReader(t2s, StandardCharsets.UTF_8));
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] pair = line.split("\t", -1);
            if (pair.length != 2 || !isOneCodePoint(pair[0]) || !isOneCodePoint(pair[1])) {
                throw new IllegalStateException("bad script table line: " + line);
            }
            int from = pair[0].codePointAt(0);
            int to = pair[1].codePointAt(0);
            if (from <= Character.MAX_VALUE) {
                // a BMP character whose Simplified form is supplementary: marked, looked up in the map
                bmp[from] = to <= Character.MAX_VALUE && to != 0 && to != IN_MAP ? (char) to : IN_MAP;
            }
            if (from > Character.MAX_VALUE || bmp[from] == IN_MAP) {
                supplementary.put(from, to);
            }
            size++;
        }
        BitSet simplified = new BitSet();
        reader = new BufferedReader(new InputStreamReader(simplifiedOnly, StandardCharsets.UTF_8));
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!isOneCodePoint(line)) {
                throw new IllegalStateException("bad simplified list line: " + line);
            }
            simplified.set(line.codePointAt(0));
        }
        return new ScriptFolding(bmp, supplementary, simplified, size);
    }

    private static boolean isOneCodePoint(String s) {
        return !s.isEmpty() && s.codePointCount(0, s.length()) == 1;
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
     * The text with every Traditional character replaced by its Simplified form; the same instance when it has
     * none (the common case for mainland pages), null for null.
     */
    public String fold(String text) {
        if (text == null) {
            return null;
        }
        int first = firstTraditional(text);
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

    private int firstTraditional(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                int cp = text.codePointAt(i);
                if (isTraditional(cp)) {
                    return i;
                }
                i += Character.charCount(cp) - 1;
            } else if (bmp[c] != 0) {
                return i;
            }
        }
        return -1;
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
