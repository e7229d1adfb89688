package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scope words and genre-like heads in a title's subject part (session 10): they keep a feature at a lower value. */
class TitleScopeTest {

    private final Agencies agencies = Agencies.standard();

    @Test
    void aKeywordFollowedByAScopeWordNamesTheScopeNotTheSubject() {
        String core = "印发河北省知识产权领域省与市、县财政事权和支出责任划分改革实施方案";
        assertThat(values(core)).containsEntry("知识产权", 0.5f).containsEntry("财政事权", 1f);
    }

    @Test
    void aGenreLikeHeadRightAfterAnotherKeywordYieldsToIt() {
        assertThat(values("印发河北省重污染天气应急预案")).containsEntry("重污染天气", 1f).containsEntry("应急预案", 0.5f);
        assertThat(values("印发《河北省重污染天气应急预案（2024年修订）》"))
                .containsEntry("重污染天气", 1f)
                .containsEntry("应急预案", 0.5f);
    }

    @Test
    void aKeywordAloneOrAnActionAfterItsObjectKeepsItsValue() {
        assertThat(values("印发河北省重污染天气应急预案").size()).isEqualTo(2);
        assertThat(values("印发省级应急预案")).containsEntry("应急预案", 1f);
        assertThat(values("对当前全省重点企业和重大项目复工复产情况进行明查暗访")).containsEntry("明查暗访", 1f);
    }

    @Test
    void withTheScopeValueTheKeywordFeaturesOfAScopeWordWeighLess() {
        String title = "河北省人民政府办公厅关于印发河北省重污染天气应急预案的通知";
        TextFeatures plain = new TextFeatures(18, 6000);
        TextFeatures scoped = new TextFeatures(18, 6000, new TextFeatures.Weights(1f, 0.8f, 0.8f, 0.8f, 0f, 0f, 0.5f));
        float[] before = keywordValues(plain.extract(title, "", null, null, agencies));
        float[] after = keywordValues(scoped.extract(title, "", null, null, agencies));
        // 重污染天气 (城乡建设、环境保护) and 应急预案 (综合政务) equal before; the head weighs less after
        assertThat(before[0]).isEqualTo(before[1]);
        assertThat(after[0]).isGreaterThan(after[1]);
    }

    private java.util.Map<String, Float> values(String core) {
        List<Agencies.Agency> found = new ArrayList<>();
        agencies.findKeywords(core, 0, core.length(), found);
        float[] v = TitleScope.values(core, 0, core.length(), found, found.size(), 0.5f);
        java.util.Map<String, Float> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < found.size(); i++) {
            out.put(found.get(i).name(), v[i]);
        }
        return out;
    }

    /** The value of each title keyword's first feature, in the keywords' order. */
    private static float[] keywordValues(FeatureVector v) {
        float[] out = new float[v.keywords().size()];
        for (int i = v.size() - 1; i >= 0; i--) {
            if (FeatureVector.source(v.origin[i]) == FeatureVector.SOURCE_KEYWORD) {
                out[v.origin[i] & 0x07FFFFFF] = v.value[i];
            }
        }
        return out;
    }
}
