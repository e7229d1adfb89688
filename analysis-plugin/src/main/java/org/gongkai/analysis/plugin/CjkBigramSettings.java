package org.gongkai.analysis.plugin;

import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;

/** Settings of the {@code gongkai_cjk_bigram} token filter; Elasticsearch implements this interface. */
@AnalysisSettings
public interface CjkBigramSettings {

    /** {@code output_unigrams}: also emit each CJK character as a term (default false). */
    @BooleanSetting(path = "output_unigrams", defaultValue = false)
    boolean outputUnigrams();
}
