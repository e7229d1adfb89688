package org.gongkai.analysis.plugin;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenizerFactory;

/**
 * Tokenizer {@code gongkai_keyword}: the whole input as one token (Lucene's {@link KeywordTokenizer}; the test
 * distribution has no {@code keyword} tokenizer). Stateless and thread-safe; each call makes a new tokenizer.
 */
@NamedComponent("gongkai_keyword")
public final class KeywordTokenizerFactory implements TokenizerFactory {

    @Override
    public Tokenizer create() {
        return new KeywordTokenizer();
    }
}
