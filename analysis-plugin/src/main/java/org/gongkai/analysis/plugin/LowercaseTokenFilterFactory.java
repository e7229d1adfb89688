package org.gongkai.analysis.plugin;

import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Token filter {@code gongkai_lowercase}: Lucene's {@link LowerCaseFilter} (the test distribution has no
 * {@code lowercase} filter: analysis-common is absent). Also applied when normalizing. Stateless and thread-safe.
 */
@NamedComponent("gongkai_lowercase")
public final class LowercaseTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new LowerCaseFilter(tokenStream);
    }

    @Override
    public TokenStream normalize(TokenStream tokenStream) {
        return create(tokenStream);
    }
}
