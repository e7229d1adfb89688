package org.gongkai.enrich.normalise;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Folds Traditional characters to Simplified ones with a character table, and counts Traditional-only
 * characters.
 *
 * <p>The default table ({@code t2s-small.tsv} beside this class) is small and hand-made: the characters of the
 * metadata labels, their common values and frequent words, enough to match label variants and to tell a text
 * written in Traditional script. A full generated table can be loaded with {@link #fromResource(String)} without
 * changing callers. Immutable and thread-safe.
 */
public final class ScriptFolding {

    private static final ScriptFolding SMALL = fromResource("t2s-small.tsv");

    private final Map<Integer, Integer> table;

    private ScriptFolding(Map<Integer, Integer> table) {
        this.table = Map.copyOf(table);
    }

    /** The small built-in table. */
    public static ScriptFolding small() {
        return SMALL;
    }

    /**
     * Loads a table of {@code traditional<TAB>simplified} lines (one code point each; {@code #} starts a
     * comment), relative to this class.
     *
     * @throws IllegalStateException when the resource is missing or a line is malformed
     */
    public static ScriptFolding fromResource(String name) {
        try (InputStream in = ScriptFolding.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no script table " + name);
            }
            Map<Integer, Integer> table = new HashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] pair = line.split("\t");
                if (pair.length != 2
                        || pair[0].codePointCount(0, pair[0].length()) != 1
                        || pair[1].codePointCount(0, pair[1].length()) != 1) {
                    throw new IllegalStateException("bad line in " + name + ": " + line);
                }
                table.put(pair[0].codePointAt(0), pair[1].codePointAt(0));
            }
            return new ScriptFolding(table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text with every Traditional character of the table replaced by its Simplified form. */
    public String fold(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(table.getOrDefault(cp, cp)));
        return out.toString();
    }

    /** How many characters of the text are Traditional-only characters of the table. */
    public int traditionalCount(String text) {
        if (text == null) {
            return 0;
        }
        return (int) text.codePoints().filter(table::containsKey).count();
    }

    /** Number of pairs in the table. */
    public int size() {
        return table.size();
    }
}
