package org.gongkai.analysis.fold;

/**
 * Code-point foldings behind the analysis plugin's char filters: each input code point becomes one output code
 * point or is deleted ({@link #DELETE}), never more, so a char filter can keep offsets exact with one correction
 * per change of length.
 *
 * <ul>
 *   <li>{@link #TEXT}: Traditional → Simplified ({@link ScriptFolding}), full-width ASCII U+FF01..U+FF5E → ASCII,
 *       ideographic space U+3000 → space. Unlike enrich-service's value folding, full-width Chinese punctuation is
 *       folded too: the tokenizer drops it either way.
 *   <li>{@link #IDENTIFIER}: {@link #TEXT}, then every bracket form of a document number ({@value #OPENING} /
 *       {@value #CLOSING}) → the official 〔 〕, and whitespace (including U+3000 and no-break spaces) deleted.
 * </ul>
 *
 * Plain Java (no Elasticsearch, no Lucene), stateless and thread-safe.
 */
public enum Folding {
    TEXT {
        @Override
        public int fold(int cp) {
            return width(ScriptFolding.standard().fold(cp));
        }
    },
    IDENTIFIER {
        @Override
        public int fold(int cp) {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                return DELETE;
            }
            int folded = ScriptFolding.standard().fold(cp);
            int bracket = bracket(folded);
            return bracket != folded ? bracket : width(folded);
        }
    };

    /** What {@link #fold(int)} returns for a code point that goes away. */
    public static final int DELETE = -1;

    /** Opening brackets folded to 〔 in identifiers (ASCII, full-width, lenticular, tortoise-shell, small forms). */
    public static final String OPENING = "[(（【﹝［〖〔";

    /** Closing brackets folded to 〕 in identifiers, in the order of {@link #OPENING}. */
    public static final String CLOSING = "])）】﹞］〗〕";

    /** The folded code point, or {@link #DELETE}. */
    public abstract int fold(int cp);

    /** The folded text (convenience for tests and callers outside an analysis chain); null for null. */
    public String fold(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int folded = fold(cp);
            if (folded != DELETE) {
                out.appendCodePoint(folded);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Full-width ASCII → ASCII, U+3000 → space, anything else unchanged. */
    static int width(int cp) {
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            return cp - 0xFEE0;
        }
        return cp == 0x3000 ? ' ' : cp;
    }

    /** An opening or closing bracket form → 〔 or 〕, anything else unchanged. */
    static int bracket(int cp) {
        if (OPENING.indexOf(cp) >= 0) {
            return '〔';
        }
        return CLOSING.indexOf(cp) >= 0 ? '〕' : cp;
    }
}
