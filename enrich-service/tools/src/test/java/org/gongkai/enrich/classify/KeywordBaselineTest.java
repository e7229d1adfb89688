package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeywordBaselineTest {

    private final KeywordBaseline baseline = KeywordBaseline.standard(Taxonomy.national());

    @Test
    void countsKeywordsWithTitleWeight() {
        assertThat(baseline.predict("关于做好税收征管工作的通知", "各单位：……", null)).isEqualTo("财政、金融、审计");
        // one title hit (x3) beats two body hits
        assertThat(baseline.predict("关于征兵工作的通知", "教育 教育", null)).isEqualTo("国防");
    }

    @Test
    void noKeywordMeansUnclassified() {
        assertThat(baseline.predict("会议纪要", "会议研究了有关事项。", "")).isNull();
    }
}
