package org.gongkai.analysis.plugin;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;
import org.gongkai.analysis.lucene.TextAnalyzer;

/**
 * Analyzer {@code gongkai_text_index}: {@link TextAnalyzer} with CJK bigrams and unigrams, for indexing notice
 * text (a one-character query matches). Stateless; the analyzer it makes is thread-safe.
 */
@NamedComponent("gongkai_text_index")
public final class TextIndexAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new TextAnalyzer(true);
    }
}
