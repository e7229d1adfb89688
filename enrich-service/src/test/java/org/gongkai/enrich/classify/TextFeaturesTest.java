package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextFeaturesTest {

    private final TextFeatures features = new TextFeatures(18, 1_000);

    @Test
    void bigramsAndTrigramsWithinRunsOnly() {
        FeatureVector v = features.extract(null, "税务局，发票", null);
        Set<String> terms = terms(v);
        assertThat(terms).containsExactlyInAnyOrder("税务", "务局", "税务局", "发票");
        assertThat(v.size()).isEqualTo(4);
    }

    @Test
    void vectorsAreUnitLengthAndDeterministic() {
        FeatureVector a = features.extract("关于做好增值税留抵退税工作的通知", "各区税务局：现将有关事项通知如下。", "附件");
        FeatureVector b = features.extract("关于做好增值税留抵退税工作的通知", "各区税务局：现将有关事项通知如下。", "附件");
        double norm = 0;
        for (float x : a.value) {
            norm += x * x;
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        // short texts are not blown up to unit length: less text, less evidence
        double shortNorm = 0;
        for (float x : features.extract("通知", null, null).value) {
            shortNorm += x * x;
        }
        assertThat(shortNorm).isLessThan(0.1);
        assertThat(a.index).isEqualTo(b.index);
        assertThat(a.value).isEqualTo(b.value);
    }

    @Test
    void digitsFoldAndAsciiLowerCases() {
        FeatureVector a = features.extract(null, "2023年GDP", null);
        FeatureVector b = features.extract(null, "1999年gdp", null);
        assertThat(new HashSet<>(asList(a.index))).isEqualTo(new HashSet<>(asList(b.index)));
    }

    @Test
    void numbersAloneAreNoFeatures() {
        assertThat(features.extract(null, "2024 12345", null).size()).isZero();
        assertThat(terms(features.extract(null, "2024年", null))).containsExactlyInAnyOrder("4年", "24年");
    }

    @Test
    void titleCountsInItsOwnNamespaceToo() {
        FeatureVector inTitle = features.extract("税务", null, null);
        FeatureVector inBody = features.extract(null, "税务", null);
        assertThat(inTitle.size()).isEqualTo(2);
        assertThat(inBody.size()).isEqualTo(1);
        assertThat(asList(inTitle.index)).contains(inBody.index[0]);
    }

    @Test
    void bodyAndAttachmentsAreCappedTogether() {
        String body = "甲乙".repeat(400); // 800 chars
        FeatureVector withAttachment = features.extract(null, body, "丙丁戊己庚辛壬癸".repeat(100));
        Set<String> terms = terms(withAttachment);
        assertThat(terms).contains("丙丁", "丙丁戊");
        FeatureVector overCap = features.extract(null, "甲乙".repeat(600), "丙丁戊己庚辛壬癸".repeat(100));
        assertThat(terms(overCap)).doesNotContain("丙丁");
    }

    @Test
    void rejectsUnreasonableSettings() {
        assertThatThrownBy(() -> new TextFeatures(4, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TextFeatures(18, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Set<String> terms(FeatureVector v) {
        Set<String> terms = new HashSet<>();
        for (int i = 0; i < v.size(); i++) {
            terms.add(v.term(i));
        }
        return terms;
    }

    private static java.util.List<Integer> asList(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
