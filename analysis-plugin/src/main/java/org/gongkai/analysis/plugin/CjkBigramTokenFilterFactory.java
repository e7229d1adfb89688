package org.gongkai.analysis.plugin;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.gongkai.analysis.lucene.CjkBigrams;

/**
 * Token filter {@code gongkai_cjk_bigram}: Lucene's {@link CJKBigramFilter} over the Han, Hiragana, Katakana and
 * Hangul tokens of the standard tokenizer; {@code output_unigrams} (default false) adds each character. Without
 * unigrams a lone character still comes out as a unigram, and each run keeps one position per character so that
 * phrases match fields indexed with unigrams ({@link CjkBigrams}). Immutable and thread-safe; Elasticsearch creates
 * it per index with that index's settings.
 */
@NamedComponent("gongkai_cjk_bigram")
public final class CjkBigramTokenFilterFactory implements TokenFilterFactory {

    private final boolean outputUnigrams;

    @Inject
    public CjkBigramTokenFilterFactory(CjkBigramSettings settings) {
        this.outputUnigrams = settings.outputUnigrams();
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return CjkBigrams.filter(tokenStream, outputUnigrams);
    }
}
