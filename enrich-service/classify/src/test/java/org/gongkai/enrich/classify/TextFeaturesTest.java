package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
    void eachBlockIsNormalisedToItsWeightAndExtractionIsDeterministic() {
        String title = "关于做好增值税留抵退税和个人所得税汇算清缴工作的通知";
        String body = "各区税务局：为做好增值税留抵退税工作，现将有关事项通知如下。一、提高认识，加强组织领导，" + "确保纳税人应享尽享。二、优化服务，简化办理流程。三、强化监管，严厉打击骗取留抵退税行为。";
        FeatureVector a = features.extract(title, body, "附件", "国家税务总局", Agencies.standard());
        FeatureVector b = features.extract(title, body, "附件", "国家税务总局", Agencies.standard());
        double[] norms = blockNorms(a);
        TextFeatures.Weights w = features.weights();
        assertThat(norms[0]).isCloseTo(w.title() * w.title(), within(1e-4));
        assertThat(norms[1]).isCloseTo(w.agency() * w.agency(), within(1e-4));
        assertThat(norms[2]).isCloseTo(w.text() * w.text(), within(1e-4));
        assertThat(norms[3]).isCloseTo(w.keyword() * w.keyword(), within(1e-4));
        // short texts are not blown up to full weight: less text, less evidence
        double[] shortNorms = blockNorms(features.extract("通知", null, null));
        assertThat(shortNorms[0] + shortNorms[2]).isLessThan(0.2);
        assertThat(a.index).isEqualTo(b.index);
        assertThat(a.value).isEqualTo(b.value);
    }

    @Test
    void featuresDoNotDependOnTheScratchTablesSizeNorOnTheNoticeBefore() {
        String title = "国务院办公厅关于做好增值税留抵退税和教育部门人力资源社会保障工作的通知";
        StringBuilder body = new StringBuilder("各省民政厅、教育厅、财政厅、卫生健康委、应急管理局：");
        for (int i = 0; i < 400; i++) {
            body.append((char) (0x4E00 + i * 37 % 20_000)).append((char) (0x4E00 + i * 53 % 20_000));
        }
        body.append("民政部 教育部 财政部 生态环境部 交通运输部");
        String publisher = "民政部 教育部 财政部 住房城乡建设部 农业农村部 商务部 文化和旅游部 退役军人事务部";
        // a table that starts at 16 slots grows many times, keeping the order of first insertion
        TextFeatures growing = new TextFeatures(18, 1_000, TextFeatures.Weights.DEFAULTS, false);
        FeatureVector small = growing.extract(title, body.toString(), "附件 税务", publisher, Agencies.standard());
        features.extract("一篇长的通知".repeat(200), "正文".repeat(500), null, null, Agencies.standard());
        FeatureVector sized = features.extract(title, body.toString(), "附件 税务", publisher, Agencies.standard());
        assertThat(sized.size()).isGreaterThan(700);
        assertThat(small.index).isEqualTo(sized.index);
        assertThat(small.value).isEqualTo(sized.value);
        assertThat(small.origin).isEqualTo(sized.origin);
    }

    @Test
    void theTitleBlockReadsTheSubjectBetweenIssuerAndGenre() {
        FeatureVector v = features.extract("国务院办公厅关于做好防汛工作的通知", null, null);
        Set<String> titleTerms = new HashSet<>();
        for (int i = 0; i < v.size(); i++) {
            if (FeatureVector.source(v.origin[i]) == FeatureVector.SOURCE_TITLE) {
                titleTerms.add(v.term(i));
            }
        }
        assertThat(titleTerms).contains("防汛", "做好防").doesNotContain("国务", "务院", "通知", "的通");
        // the text block still reads the whole title
        assertThat(terms(v)).contains("国务", "通知");
    }

    @Test
    void agenciesInPublisherTitleAndBodyEndsBecomeDomainFeaturesFirstNamedStrongest() {
        FeatureVector v = features.extract(
                "民政部 教育部关于做好儿童福利工作的通知",
                "各省民政厅：" + "现将有关事项通知如下。".repeat(40) + "民政部 教育部",
                null,
                null,
                Agencies.standard());
        assertThat(v.agencies()).extracting(Agencies.Agency::name).startsWith("民政部", "教育部");
        float first = 0;
        float second = 0;
        for (int i = 0; i < v.size(); i++) {
            if (FeatureVector.source(v.origin[i]) == FeatureVector.SOURCE_AGENCY) {
                String term = v.term(i);
                assertThat(term).startsWith("发布机构:");
                if (term.equals("发布机构:民政部")) {
                    first = Math.max(first, v.value[i]);
                } else if (term.equals("发布机构:教育部")) {
                    second = Math.max(second, v.value[i]);
                }
            }
        }
        assertThat(first).isGreaterThan(second).isPositive();
        assertThat(second).isPositive();
        // without the table, no agency block
        assertThat(features.extract("民政部关于做好儿童福利工作的通知", null, null).agencies()).isEmpty();
    }

    @Test
    void subjectKeywordsOfTheTitlesSubjectPartBecomeNodeFeatures() {
        // 印发 … 的通知: the keyword block reads what is issued, not the issuer (国务院办公厅) or the genre
        FeatureVector v = features.extract("国务院办公厅关于印发全民健身计划的通知", "各省、自治区、直辖市人民政府：", null, null, Agencies.standard());
        assertThat(v.keywords()).extracting(Agencies.Agency::name).containsExactly("全民健身");
        Set<String> keywordTerms = new HashSet<>();
        for (int i = 0; i < v.size(); i++) {
            if (FeatureVector.source(v.origin[i]) == FeatureVector.SOURCE_KEYWORD) {
                keywordTerms.add(v.term(i));
            }
        }
        assertThat(keywordTerms).containsExactly("主题词:全民健身");
        // one feature per node (first level and second level), shared by every keyword of that node
        FeatureVector sport = features.extract("关于举办运动会的通知", null, null, null, Agencies.standard());
        Set<Integer> a = keywordBuckets(v);
        assertThat(a).hasSize(2).isEqualTo(keywordBuckets(sport));
        // a model without a keyword block (format 2) gets no keyword features
        TextFeatures old = new TextFeatures(18, 6000, new TextFeatures.Weights(1f, 0.8f, 0.8f));
        assertThat(keywordBuckets(old.extract("关于举办运动会的通知", null, null, null, Agencies.standard())))
                .isEmpty();
    }

    private static Set<Integer> keywordBuckets(FeatureVector v) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < v.size(); i++) {
            if (FeatureVector.source(v.origin[i]) == FeatureVector.SOURCE_KEYWORD) {
                out.add(v.index[i]);
            }
        }
        return out;
    }

    private static double[] blockNorms(FeatureVector v) {
        double[] norms = new double[4];
        for (int i = 0; i < v.size(); i++) {
            int source = FeatureVector.source(v.origin[i]);
            int block = source == FeatureVector.SOURCE_TITLE
                    ? 0
                    : source == FeatureVector.SOURCE_AGENCY ? 1 : source == FeatureVector.SOURCE_KEYWORD ? 3 : 2;
            norms[block] += v.value[i] * v.value[i];
        }
        return norms;
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
    void titleCountsInItsOwnBlockAndInTheText() {
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
