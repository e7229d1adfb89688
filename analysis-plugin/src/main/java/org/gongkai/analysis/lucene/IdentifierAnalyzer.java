package org.gongkai.analysis.lucene;

import java.io.Reader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.gongkai.analysis.fold.Folding;

/**
 * Document and index numbers: the whole value as one lower-case token after {@link Folding#IDENTIFIER}
 * (Traditional → Simplified, widths, every bracket form → 〔〕, whitespace removed), so that 国办发〔2024〕12号,
 * 国办发[2024]12号 and 國辦發【2024】12號 are the same term. Thread-safe: Lucene keeps one set of components per
 * thread and reuses it.
 */
public final class IdentifierAnalyzer extends Analyzer {

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        KeywordTokenizer source = new KeywordTokenizer();
        return new TokenStreamComponents(source, new LowerCaseFilter(source));
    }

    @Override
    protected Reader initReader(String fieldName, Reader reader) {
        return new FoldingCharFilter(reader, Folding.IDENTIFIER);
    }

    @Override
    protected Reader initReaderForNormalization(String fieldName, Reader reader) {
        return new FoldingCharFilter(reader, Folding.IDENTIFIER);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
    }

    @Override
    public int getPositionIncrementGap(String fieldName) {
        return 100;
    }
}
