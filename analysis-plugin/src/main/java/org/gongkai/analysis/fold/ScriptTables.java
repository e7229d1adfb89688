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
 * Reads the generated tables of {@link ScriptFolding} (the character table, the Simplified-only list and the phrase
 * table, see its resources) into the arrays it looks characters up in. Stateless.
 */
final class ScriptTables {

    private ScriptTables() {}

    /** @throws IllegalStateException when the generated resources are missing or malformed */
    static ScriptFolding fromClassPath() {
        try (InputStream t2s = ScriptFolding.class.getResourceAsStream(ScriptFolding.T2S_RESOURCE);
                InputStream simplified = ScriptFolding.class.getResourceAsStream(ScriptFolding.SIMPLIFIED_RESOURCE);
                InputStream phrases = ScriptFolding.class.getResourceAsStream(ScriptFolding.PHRASES_RESOURCE)) {
            if (t2s == null || simplified == null || phrases == null) {
                throw new IllegalStateException("script tables " + ScriptFolding.T2S_RESOURCE + " / "
                        + ScriptFolding.SIMPLIFIED_RESOURCE + " / " + ScriptFolding.PHRASES_RESOURCE
                        + " missing from the class path (generated at build time)");
            }
            return load(t2s, simplified, phrases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * See {@link ScriptFolding#load(InputStream, InputStream, InputStream)}.
     *
     * @throws IllegalStateException when a line is malformed
     */
    static ScriptFolding load(InputStream t2s, InputStream simplifiedOnly, InputStream phrases) throws IOException {
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
                bmp[from] = to <= Character.MAX_VALUE && to != 0 && to != ScriptFolding.IN_MAP
                        ? (char) to
                        : ScriptFolding.IN_MAP;
            }
            if (from > Character.MAX_VALUE || bmp[from] == ScriptFolding.IN_MAP) {
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
        PhraseTable phraseTable = phrases == null ? PhraseTable.EMPTY : PhraseTable.load(phrases);
        return new ScriptFolding(bmp, supplementary, simplified, size, phraseTable);
    }

    private static boolean isOneCodePoint(String s) {
        return !s.isEmpty() && s.codePointCount(0, s.length()) == 1;
    }
}
