package org.gongkai.analysis.lucene;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * CJK bigrams over the Han, Hiragana, Katakana and Hangul tokens of the standard tokenizer, with positions that
 * agree between the two modes.
 *
 * <p>With unigrams ({@link CJKBigramFilter} as it is) a run of n characters takes n positions: each unigram has its
 * own and each bigram sits on its first character's. Lucene's bigram-only mode gives the same run n - 1 positions,
 * so a phrase crossing the end of a run (立法2024年, 印发《新能源…) would miss a field indexed with unigrams. In
 * bigram-only mode this class therefore moves the token after a run of bigrams one position further: the run takes
 * n positions there too, each bigram on its first character's position. A lone character is a unigram in both
 * modes.
 */
public final class CjkBigrams {

    private static final int SCRIPTS =
            CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL;

    private CjkBigrams() {}

    /** The bigram filter over a standard-tokenizer stream; {@code unigrams} adds each character as a term. */
    public static TokenStream filter(TokenStream in, boolean unigrams) {
        TokenStream bigrams = new CJKBigramFilter(in, SCRIPTS, unigrams);
        return unigrams ? bigrams : new RunEndGap(bigrams);
    }

    /** Adds one position after each run of bigrams: the position of the run's last character. */
    private static final class RunEndGap extends TokenFilter {

        private static final String DOUBLE = "<DOUBLE>";

        private final TypeAttribute type = addAttribute(TypeAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
        private boolean afterBigram;
        private int bigramEnd;

        RunEndGap(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            boolean bigram = DOUBLE.equals(type.type());
            // bigrams of one run overlap by a character; a token starting at or after the last one's end is past it
            if (afterBigram && (!bigram || offset.startOffset() >= bigramEnd)) {
                increment.setPositionIncrement(increment.getPositionIncrement() + 1);
            }
            afterBigram = bigram;
            if (bigram) {
                bigramEnd = offset.endOffset();
            }
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            afterBigram = false;
            bigramEnd = 0;
        }
    }
}
