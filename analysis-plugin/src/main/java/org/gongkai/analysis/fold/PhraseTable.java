package org.gongkai.analysis.fold;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Traditional → Simplified phrases with longest-match lookup (generated at build time from OpenCC's dictionaries,
 * {@code src/build/GeneratePhraseTable.java}). Every phrase maps each of its code points to one code point, so a
 * caller can replace character by character and keep offsets.
 *
 * <p>A code-point trie in one open-addressing hash table ({@code node << 21 | code point} → child), plus a bit set
 * of first code points so the common character costs one bit test. Hand-written because the matcher is shared by
 * enrich-service (plain Java, no Lucene on its class path) and the plugin's char filter, which streams through a
 * buffer: a {@code Map<String, …>} per candidate length would allocate a substring per probe. Lookup is
 * O(longest phrase) per position, so folding a text is O(n). Immutable and thread-safe once built.
 */
public final class PhraseTable {

    static final PhraseTable EMPTY = new PhraseTable(List.of(), List.of());

    private final BitSet starts = new BitSet();
    private long[] keys;
    private int[] children;
    private int nodes = 1; // 0 is the root
    private int[] terminal = new int[16]; // node → phrase index + 1, 0 for none
    private final int[][] targets;
    private final int[] lengths; // phrase length in chars
    private final int maxLength;

    private PhraseTable(List<String> traditional, List<String> simplified) {
        int capacity = Integer.highestOneBit(Math.max(16, traditional.size() * 8)) * 2;
        keys = new long[capacity];
        children = new int[capacity];
        targets = new int[traditional.size()][];
        lengths = new int[traditional.size()];
        int max = 0;
        for (int p = 0; p < traditional.size(); p++) {
            String phrase = traditional.get(p);
            int node = 0;
            for (int i = 0; i < phrase.length(); ) {
                int cp = phrase.codePointAt(i);
                if (i == 0) {
                    starts.set(cp);
                }
                node = childOrAdd(node, cp);
                i += Character.charCount(cp);
            }
            terminal[node] = p + 1;
            targets[p] = simplified.get(p).codePoints().toArray();
            lengths[p] = phrase.length();
            max = Math.max(max, phrase.length());
        }
        maxLength = max;
    }

    /**
     * Reads {@code traditional<TAB>simplified} lines ({@code #} starts a comment line).
     *
     * @throws IllegalStateException when a line is malformed, a phrase is shorter than two code points, or its
     *     two sides differ in length
     */
    static PhraseTable load(InputStream in) throws IOException {
        List<String> traditional = new ArrayList<>();
        List<String> simplified = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] pair = line.split("\t", -1);
            int length = pair[0].codePointCount(0, pair[0].length());
            if (pair.length != 2 || length < 2 || pair[1].codePointCount(0, pair[1].length()) != length) {
                throw new IllegalStateException("bad phrase table line: " + line);
            }
            traditional.add(pair[0]);
            simplified.add(pair[1]);
        }
        return new PhraseTable(traditional, simplified);
    }

    /** Whether some phrase starts with this code point. */
    public boolean starts(int cp) {
        return starts.get(cp);
    }

    /**
     * The longest phrase starting at {@code start} and ending at or before {@code end}, as an id for
     * {@link #target(int)} and {@link #length(int)}; -1 when none does.
     */
    public int match(CharSequence text, int start, int end) {
        int node = 0;
        int found = -1;
        for (int i = start; i < end; ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (i > end) {
                break;
            }
            node = child(node, cp);
            if (node < 0) {
                break;
            }
            if (terminal[node] != 0) {
                found = terminal[node] - 1;
            }
        }
        return found;
    }

    /**
     * {@link #match(CharSequence, int, int)} over a char array (a streaming caller's buffer), without a
     * {@link CharSequence} view's indirection per char.
     */
    public int match(char[] text, int start, int end) {
        int node = 0;
        int found = -1;
        for (int i = start; i < end; ) {
            int cp = Character.codePointAt(text, i, end);
            i += Character.charCount(cp);
            node = child(node, cp);
            if (node < 0) {
                break;
            }
            if (terminal[node] != 0) {
                found = terminal[node] - 1;
            }
        }
        return found;
    }

    /** The Simplified code points of a phrase, one for each Traditional code point (do not modify). */
    public int[] target(int id) {
        return targets[id];
    }

    /** Whether the text at {@code start} already reads as the phrase's Simplified side. */
    boolean targetEquals(int id, CharSequence text, int start) {
        int i = start;
        for (int cp : targets[id]) {
            if (i >= text.length() || Character.codePointAt(text, i) != cp) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** The length of a phrase in chars. */
    public int length(int id) {
        return lengths[id];
    }

    /** The longest phrase in chars: the look-ahead a streaming matcher needs. */
    public int maxLength() {
        return maxLength;
    }

    public int size() {
        return targets.length;
    }

    private int child(int node, int cp) {
        long key = key(node, cp);
        int mask = keys.length - 1;
        for (int slot = hash(key) & mask; keys[slot] != 0; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return children[slot];
            }
        }
        return -1;
    }

    private int childOrAdd(int node, int cp) {
        int existing = child(node, cp);
        if (existing >= 0) {
            return existing;
        }
        if (nodes * 2 >= keys.length) {
            grow();
        }
        long key = key(node, cp);
        int mask = keys.length - 1;
        int slot = hash(key) & mask;
        while (keys[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        children[slot] = nodes;
        if (nodes == terminal.length) {
            terminal = java.util.Arrays.copyOf(terminal, nodes * 2);
        }
        return nodes++;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldChildren = children;
        keys = new long[oldKeys.length * 2];
        children = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = hash(oldKeys[i]) & mask;
                while (keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                children[slot] = oldChildren[i];
            }
        }
    }

    /** Never 0 (the empty slot): code points are below 2^21, nodes are shifted above them, plus one. */
    private static long key(int node, int cp) {
        return (((long) node << 21) | cp) + 1;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
