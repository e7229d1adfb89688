package org.gongkai.enrich.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import org.gongkai.enrich.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "索 引 号：|索引号|INDEX_NUMBER",
                "索引號(hào):|索引号|INDEX_NUMBER",
                "信息索引号|信息索引号|INDEX_NUMBER",
                "统一编号：|统一编号|INDEX_NUMBER",
                "主題分類(lèi):|主题分类|SUBJECT_CATEGORY",
                "信息分类|信息分类|SUBJECT_CATEGORY",
                "分　　类：|分类|SUBJECT_CATEGORY",
                "發(fā)布機(jī)構(gòu):|发布机构|PUBLISHER",
                "发文机关：|发文机关|PUBLISHER",
                "发文单位|发文单位|PUBLISHER",
                "所屬機構|所属机构|PUBLISHER",
                "来　　源：|来源|PUBLISHER",
                "报送单位|报送单位|PUBLISHER",
                "成文日期：|成文日期|WRITTEN_AT",
                "生成日期:|生成日期|WRITTEN_AT",
                "產生日期|产生日期|WRITTEN_AT",
                "发文日期|发文日期|WRITTEN_AT",
                "製發日期|制发日期|WRITTEN_AT",
                "发布日期：|发布日期|PUBLISHED_AT",
                "公開日期|公开日期|PUBLISHED_AT",
                "文件編號(hào):|文件编号|DOCUMENT_NUMBER",
                "文　　号：|文号|DOCUMENT_NUMBER",
                "發文字號|发文字号|DOCUMENT_NUMBER",
                "有 效 性：|有效性|VALIDITY",
                "是否有效|是否有效|VALIDITY",
                "公開(kāi)方式:|公开方式|DISCLOSURE_MODE",
                "公开属性|公开属性|DISCLOSURE_MODE",
                "公開(kāi)範(fàn)圍:|公开范围|DISCLOSURE_SCOPE",
                "主 题 词：|主题词|KEYWORDS",
                "關鍵詞|关键词|KEYWORDS",
                "体　　裁：|体裁|GENRE",
                "公文種類|公文种类|GENRE",
                "文种|文种|GENRE",
                "标　　题：|标题|TITLE",
                "【名称】|名称|TITLE",
                "ＦＯＯ：|FOO|",
            })
    void normalisesAndMaps(String raw, String normalised, String field) {
        assertThat(Labels.normalise(raw)).isEqualTo(normalised);
        assertThat(Labels.field(normalised).map(Enum::name).orElse(null)).isEqualTo(field);
    }

    @Test
    void groupedCategoryIsKnownButNotTheSubjectCategory() {
        assertThat(Labels.field("组配分类")).isEmpty();
        assertThat(Labels.isKnown("组配分类")).isTrue();
        assertThat(Labels.isKnown(Labels.normalise("組配分類："))).isTrue();
    }

    @Test
    void plausibleLabelsAreShortHan() {
        assertThat(Labels.isPlausible("浏览次数")).isTrue();
        assertThat(Labels.isPlausible("点")).isFalse();
        assertThat(Labels.isPlausible("各乡镇人民政府区直各单位")).isFalse();
        assertThat(Labels.isPlausible("第1条")).isFalse();
    }

    /** The label search skips candidates by this bound, so it must hold for every text, or a label would be missed. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "索 引 号",
                "索引號(hào)",
                "政(zheng)(zheng)府",
                "公開（kāi）範圍",
                "⼀⼆⼗", // Kangxi radicals: NFKC gives the unified ideographs
                "豈更車", // CJK compatibility ideographs U+F900…
                "〇々〻",
                "【名称】：",
                "ＦＯＯ：",
                "（一）工作目标",
                "各乡镇人民政府区直各单位",
                "abc dé",
            })
    void theNormalFormHasAtLeastAsManyCharactersAsTheTextHasHanCharacters(String text) {
        String normal = Labels.normalise(text);
        assertThat(normal.codePointCount(0, normal.length()))
                .isGreaterThanOrEqualTo(Labels.minNormalisedLength(text, 0, text.length()));
        assertThat(Labels.minNormalisedLength(text, 0, text.length())).isEqualTo((int) text.chars()
                .filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
                .count());
    }

    @Test
    void theBoundHoldsForEveryStretchBeforeAColonInRealNotices() {
        int checked = 0;
        for (String line : Fixtures.text("real-notices/sample.jsonl").split("\n")) {
            for (int colon = line.indexOf('：'); colon >= 0; colon = line.indexOf('：', colon + 1)) {
                for (int start = Math.max(0, colon - 30); start < colon; start++) {
                    String candidate = line.substring(start, colon);
                    String normal = Labels.normalise(candidate);
                    assertThat(normal.codePointCount(0, normal.length()))
                            .as(candidate)
                            .isGreaterThanOrEqualTo(Labels.minNormalisedLength(line, start, colon));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1_000);
    }
}
