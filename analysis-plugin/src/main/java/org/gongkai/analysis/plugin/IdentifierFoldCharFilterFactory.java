package org.gongkai.analysis.plugin;

import java.io.Reader;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.CharFilterFactory;
import org.gongkai.analysis.fold.Folding;
import org.gongkai.analysis.lucene.FoldingCharFilter;

/**
 * Char filter {@code gongkai_identifier_fold}: the identifier folding of the {@code gongkai_identifier} analyzer
 * ({@link Folding#IDENTIFIER}: Traditional → Simplified, widths, bracket forms → 〔〕, whitespace removed) for use
 * in custom analyzers; also applied when normalizing. Stateless and thread-safe; Elasticsearch creates it per index.
 */
@NamedComponent("gongkai_identifier_fold")
public final class IdentifierFoldCharFilterFactory implements CharFilterFactory {

    @Override
    public Reader create(Reader reader) {
        return new FoldingCharFilter(reader, Folding.IDENTIFIER);
    }

    @Override
    public Reader normalize(Reader reader) {
        return create(reader);
    }
}
