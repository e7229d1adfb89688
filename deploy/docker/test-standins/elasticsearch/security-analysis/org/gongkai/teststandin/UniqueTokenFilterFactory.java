package org.gongkai.teststandin;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * TEST STAND-IN for analysis-common's {@code unique} token filter (the .security index needs it): Lucene's
 * duplicate removal at the same position, i.e. {@code only_on_same_position: true}.
 */
@NamedComponent("unique")
public final class UniqueTokenFilterFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new RemoveDuplicatesTokenFilter(tokenStream);
    }
}
