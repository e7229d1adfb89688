package org.gongkai.analysis.plugin;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;
import org.gongkai.analysis.lucene.IdentifierAnalyzer;

/**
 * Analyzer {@code gongkai_identifier}: {@link IdentifierAnalyzer}, one folded lower-case token for a document or
 * index number, whatever its brackets, widths, spaces or script. Stateless; the analyzer it makes is thread-safe.
 */
@NamedComponent("gongkai_identifier")
public final class IdentifierAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new IdentifierAnalyzer();
    }
}
