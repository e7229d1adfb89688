package org.gongkai.analysis.lucene;

import java.io.IOException;
import java.io.Reader;
import java.nio.CharBuffer;
import org.apache.lucene.analysis.charfilter.BaseCharFilter;
import org.gongkai.analysis.fold.Folding;
import org.gongkai.analysis.fold.PhraseTable;
import org.gongkai.analysis.fold.ScriptFolding;

/**
 * The char filter as it was before the fast path (commit 1c3b656), kept as the oracle of
 * {@code FoldingEquivalenceTest}: the production {@link FoldingCharFilter} must write the same chars and map the
 * same offsets. Do not optimise this copy.
 *
 * <p>A char filter applying a {@link Folding} code point by code point, streaming through a small buffer. Where a
 * phrase of {@link ScriptFolding} starts (longest match, looking ahead {@link PhraseTable#maxLength()}
 * chars), its Simplified code points replace the phrase's one for one, so the output is that of
 * {@link Folding#fold(String)} and enrich-service's {@link ScriptFolding#fold(String)}.
 *
 * <p>Offsets stay exact for highlighting: where a code point changes length (a BMP Traditional character whose
 * Simplified form is supplementary, or a deleted space) an offset correction is recorded, so
 * {@link #correctOffset(int)} maps every output offset back to the input. One-for-one replacements, the usual case,
 * record nothing. A lone surrogate passes through unchanged.
 *
 * <p>Not thread-safe, like every {@link Reader}: Lucene creates one per analysed value.
 */
final class LegacyFoldingCharFilter extends BaseCharFilter {

    private final Folding folding;
    private final PhraseTable phrases = ScriptFolding.standard().phrases();
    /** Chars to have buffered before a code point is folded: the longest phrase, at least a surrogate pair. */
    private final int lookAhead = Math.max(2, phrases.maxLength());

    private final char[] buffer = new char[Math.max(1024, 2 * lookAhead)];
    /** The buffer as a char sequence for phrase matching (a view: index 0 is buffer[0]). */
    private final CharSequence view = CharBuffer.wrap(buffer);
    /** Simplified code points of the phrase being read, or null. */
    private int[] phrase;

    private int phraseIndex;
    private int position;
    private int limit;
    private boolean exhausted;
    /** Low surrogate of a supplementary output code point whose high surrogate was returned, or -1. */
    private int pendingLow = -1;

    private int inputOffset;
    private int outputOffset;

    LegacyFoldingCharFilter(Reader in, Folding folding) {
        super(in);
        this.folding = folding;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (pendingLow >= 0) {
                cbuf[off + n++] = (char) pendingLow;
                pendingLow = -1;
                continue;
            }
            if (limit - position < lookAhead && !exhausted) {
                fill(); // a surrogate pair or a phrase must never be split across two fills
            }
            if (position >= limit) {
                break;
            }
            char c = buffer[position];
            int cp = c;
            int inLength = 1;
            if (Character.isHighSurrogate(c)
                    && position + 1 < limit
                    && Character.isLowSurrogate(buffer[position + 1])) {
                cp = Character.toCodePoint(c, buffer[position + 1]);
                inLength = 2;
            }
            if (phrase == null && phrases.starts(cp)) {
                int id = phrases.match(view, position, limit);
                if (id >= 0) {
                    phrase = phrases.target(id);
                    phraseIndex = 0;
                }
            }
            position += inLength;
            int folded;
            if (phrase != null) {
                folded = folding.afterScript(phrase[phraseIndex++]);
                if (phraseIndex == phrase.length) {
                    phrase = null;
                }
            } else {
                folded = folding.fold(cp);
            }
            int outLength = folded == Folding.DELETE ? 0 : Character.charCount(folded);
            if (outLength == 1) {
                cbuf[off + n++] = (char) folded;
            } else if (outLength == 2) {
                cbuf[off + n++] = Character.highSurrogate(folded);
                pendingLow = Character.lowSurrogate(folded);
            }
            inputOffset += inLength;
            outputOffset += outLength;
            if (outLength != inLength) {
                addOffCorrectMap(outputOffset, inputOffset - outputOffset);
            }
        }
        return n == 0 ? -1 : n;
    }

    /** Keeps the unread chars and reads until the look-ahead is buffered or the input ends. */
    private void fill() throws IOException {
        int remaining = limit - position;
        System.arraycopy(buffer, position, buffer, 0, remaining);
        position = 0;
        limit = remaining;
        do {
            int read = input.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                exhausted = true;
                return;
            }
            limit += read;
        } while (limit < lookAhead);
    }
}
