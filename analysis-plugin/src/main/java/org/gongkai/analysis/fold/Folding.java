package org.gongkai.analysis.fold;

/**
 * Code-point foldings behind the analysis plugin's char filters: each input code point becomes one output code
 * point or is deleted ({@link #DELETE}), never more, so a char filter can keep offsets exact with one correction
 * per change of length. Script folding comes first: a caller that matched a phrase of {@link ScriptFolding}
 * ({@link PhraseTable#match}) passes the phrase's Simplified code points to {@link #afterScript(int)}, every
 * other code point to {@link #fold(int)}.
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
        public int afterScript(int cp) {
            return width(cp);
        }
    },
    IDENTIFIER {
        @Override
        public int afterScript(int cp) {
            // script folding maps Han to Han only, so testing the folded code point for spaces is the same
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                return DELETE;
            }
            int bracket = bracket(cp);
            return bracket != cp ? bracket : width(cp);
        }
    };

    /** What {@link #fold(int)} returns for a code point that goes away. */
    public static final int DELETE = -1;

    /** Opening brackets folded to 〔 in identifiers (ASCII, full-width, lenticular, tortoise-shell, small forms). */
    public static final String OPENING = "[(（【﹝［〖〔";

    /** Closing brackets folded to 〕 in identifiers, in the order of {@link #OPENING}. */
    public static final String CLOSING = "])）】﹞］〗〕";

    /** The folded code point (character table, no phrases), or {@link #DELETE}. */
    public int fold(int cp) {
        return afterScript(ScriptFolding.standard().fold(cp));
    }

    /** What follows script folding (widths, brackets, spaces) for a code point already in Simplified. */
    public abstract int afterScript(int cp);

    /**
     * The folded text, phrases included like the char filter (convenience for tests and callers outside an
     * analysis chain); null for null.
     */
    public String fold(String text) {
        if (text == null) {
            return null;
        }
        text = ScriptFolding.standard().fold(text);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int folded = afterScript(cp);
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
