package org.gongkai.analysis.lucene;

import org.gongkai.analysis.fold.Folding;
import org.gongkai.analysis.fold.PhraseTable;
import org.gongkai.analysis.fold.ScriptFolding;

/**
 * The chars of the Basic Multilingual Plane that a {@link Folding} turns into exactly one BMP char on their own:
 * what {@link FoldingCharFilter} folds with one array read, without look-ahead or offset bookkeeping. Every other
 * char reads {@link #SLOW} and takes the code-point path: surrogates, the first chars of a phrase of
 * {@link ScriptFolding#phrases()} (whose folding depends on what follows), deleted chars and chars whose folded
 * form is supplementary. Built once per {@link Folding} (64 Ki chars, 128 KiB) from the same methods the slow path
 * calls, so both paths agree by construction. Immutable and thread-safe.
 */
final class OneForOneTable {

    /** Marks a char to fold through the code-point path (U+FFFF is a noncharacter; it takes that path too). */
    static final char SLOW = '\uffff';

    private static final char[] TEXT = build(Folding.TEXT);
    private static final char[] IDENTIFIER = build(Folding.IDENTIFIER);

    private OneForOneTable() {}

    /** The table of a folding: index a char, get its folded char or {@link #SLOW}. Do not modify. */
    static char[] of(Folding folding) {
        return switch (folding) {
            case TEXT -> TEXT;
            case IDENTIFIER -> IDENTIFIER;
        };
    }

    private static char[] build(Folding folding) {
        PhraseTable phrases = ScriptFolding.standard().phrases();
        char[] table = new char[Character.MAX_VALUE + 1];
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            int folded = folding.fold(c);
            boolean oneForOne = !Character.isSurrogate((char) c)
                    && !phrases.starts(c)
                    && folded != Folding.DELETE
                    && folded >= 0
                    && folded < SLOW;
            table[c] = oneForOne ? (char) folded : SLOW;
        }
        return table;
    }
}
