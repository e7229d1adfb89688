package org.gongkai.analysis.plugin;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;
import org.gongkai.analysis.lucene.TextAnalyzer;

/**
 * Analyzer {@code gongkai_text_search}: {@link TextAnalyzer} with CJK bigrams only, the {@code search_analyzer} of
 * fields indexed with {@code gongkai_text_index}, so phrase queries stay precise. Stateless; the analyzer it makes
 * is thread-safe.
 */
@NamedComponent("gongkai_text_search")
public final class TextSearchAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new TextAnalyzer(false);
    }
}
