package org.gongkai.enrich.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PinyinGlossesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "索引號(hào)|索引號",
                "發(fā)布機(jī)構(gòu)|發布機構",
                "政(zheng)(zheng)府|政府",
                "政(zhèng)(zhèng)府|政府",
                "公開（kāi）範(fàn)圍|公開範圍",
                "綠(lǜ)色|綠色",
                "女(nǚ)士|女士",
                "兒(ér)童|兒童",
                "餓(è)了|餓了",
                // not glosses: upper case, file types, Han, enumerations, latin before the bracket
                "世界贸易组织(WTO)|世界贸易组织(WTO)",
                "附件(pdf)|附件(pdf)",
                "服务中心(站)|服务中心(站)",
                "第一条(a)|第一条(a)",
                "abc(hao)|abc(hao)",
                "号(hao|号(hao",
                "号()|号()",
                "(hào)开头|(hào)开头",
            })
    void strips(String input, String expected) {
        assertThat(PinyinGlosses.strip(input)).isEqualTo(expected);
        assertThat(PinyinGlosses.hasGloss(input)).isEqualTo(!input.equals(expected));
    }

    @ParameterizedTest
    @CsvSource({"hao,true", "zhuang,true", "er,true", "xiong,true", "lv,true", "pdf,false", "doc,false", "xyz,false"})
    void recognisesSyllables(String candidate, boolean syllable) {
        assertThat(PinyinGlosses.isSyllable(candidate)).isEqualTo(syllable);
    }
}
