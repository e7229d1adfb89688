package org.gongkai.analysis.plugin;

import java.io.Reader;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.CharFilterFactory;
import org.gongkai.analysis.fold.Folding;
import org.gongkai.analysis.lucene.FoldingCharFilter;

/**
 * Char filter {@code gongkai_fold}: Traditional → Simplified, full-width ASCII → ASCII, U+3000 → space
 * ({@link Folding#TEXT}), offsets kept exact. Also applied when normalizing (multi-term queries). Stateless and
 * thread-safe; Elasticsearch creates it per index.
 */
@NamedComponent("gongkai_fold")
public final class FoldCharFilterFactory implements CharFilterFactory {

    @Override
    public Reader create(Reader reader) {
        return new FoldingCharFilter(reader, Folding.TEXT);
    }

    @Override
    public Reader normalize(Reader reader) {
        return create(reader);
    }
}
