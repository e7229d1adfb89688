package org.gongkai.analysis.lucene;

import java.io.Reader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.gongkai.analysis.fold.Folding;

/**
 * Notice text: {@link Folding#TEXT} (Traditional → Simplified, widths) → {@link StandardTokenizer} →
 * {@link CJKWidthFilter} (half-width katakana) → lower case → {@link CjkBigrams} over Han, Hiragana, Katakana and
 * Hangul runs.
 *
 * <p>At index time with unigrams: every CJK character is also a term, so a one-character query matches. At search
 * time without: a run of two or more characters gives only its bigrams, on the positions where the index has them
 * (also across runs and other tokens, see {@link CjkBigrams}), so a phrase query matches the documents containing
 * the phrase and no others; a lone character still comes out as a unigram.
 *
 * <p>Positions between the values of a multi-valued field are 100 apart, like Elasticsearch's own analyzers, so a
 * phrase never spans two values. Thread-safe: Lucene keeps one set of components per thread and reuses it.
 */
public final class TextAnalyzer extends Analyzer {

    private final boolean unigrams;

    /** @param unigrams whether CJK characters are also emitted one by one (index time) */
    public TextAnalyzer(boolean unigrams) {
        this.unigrams = unigrams;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        TokenStream stream = new CJKWidthFilter(source);
        stream = new LowerCaseFilter(stream);
        stream = CjkBigrams.filter(stream, unigrams);
        return new TokenStreamComponents(source, stream);
    }

    @Override
    protected Reader initReader(String fieldName, Reader reader) {
        return new FoldingCharFilter(reader, Folding.TEXT);
    }

    @Override
    protected Reader initReaderForNormalization(String fieldName, Reader reader) {
        return new FoldingCharFilter(reader, Folding.TEXT);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(new CJKWidthFilter(in));
    }

    @Override
    public int getPositionIncrementGap(String fieldName) {
        return 100;
    }
}
