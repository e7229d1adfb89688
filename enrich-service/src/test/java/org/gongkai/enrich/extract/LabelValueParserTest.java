package org.gongkai.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.gongkai.enrich.extract.LabelValueParser.Pair;
import org.gongkai.enrich.normalise.RawField;
import org.junit.jupiter.api.Test;

class LabelValueParserTest {

    private static List<RawField> row(boolean table, String... cells) {
        return LabelValueParser.parseRow(Arrays.stream(cells).map(List::of).toList(), table).stream()
                .map(Pair::field)
                .toList();
    }

    @Test
    void threePairsPerTableRow() {
        assertThat(row(true, "索 引 号：", "014503291/2023-00110", "主题分类：", "综合政务", "体　　裁：", "通知"))
                .containsExactly(
                        RawField.block("索 引 号：", "014503291/2023-00110"),
                        RawField.block("主题分类：", "综合政务"),
                        RawField.block("体　　裁：", "通知"));
    }

    @Test
    void aTextIsALabelListOnlyWhenItsFirstColonEndsAKnownLabelAtItsStart() {
        assertThat(LabelValueParser.splitPairs("  索引号：A1 发布机构：市政府办公室"))
                .containsExactly(RawField.block("索引号：", "A1"), RawField.block("发布机构：", "市政府办公室"));
        // a sentence before the first colon: later labels do not make it a list
        assertThat(LabelValueParser.splitPairs("现将有关事项通知如下：索引号：A1 发布机构：市政府")).isEmpty();
        assertThat(LabelValueParser.splitPairs("特此通知：索引号：A1")).isEmpty();
        assertThat(LabelValueParser.splitPairs("同志们：发布机构：市政府")).isEmpty();
    }

    @Test
    void aLabelFollowedByALabelHasAnEmptyValue() {
        assertThat(row(true, "文件編號(hào):", "有效性:", "有效", "", ""))
                .containsExactly(RawField.block("文件編號(hào):", ""), RawField.block("有效性:", "有效"));
    }

    @Test
    void unknownLabelsCountInTablesOnly() {
        assertThat(row(true, "浏览次数：", "12")).containsExactly(RawField.block("浏览次数：", "12"));
        assertThat(row(false, "同志们：", "会议强调，要压实责任。")).isEmpty();
        assertThat(row(false, "索引号：", "A1", "点击量：", "3"))
                .containsExactly(RawField.block("索引号：", "A1"), RawField.block("点击量：", "3"));
    }

    @Test
    void severalPairsInOneText() {
        assertThat(LabelValueParser.splitPairs("来源：东湖区人民政府 发布时间：2024-03-15 11:20 浏览次数：1520"))
                .containsExactly(
                        RawField.block("来源：", "东湖区人民政府"),
                        RawField.block("发布时间：", "2024-03-15 11:20"),
                        RawField.block("浏览次数：", "1520"));
        assertThat(LabelValueParser.splitPairs("发文单位：东湖区人民政府发布日期：2023-08-03"))
                .containsExactly(RawField.block("发文单位：", "东湖区人民政府"), RawField.block("发布日期：", "2023-08-03"));
        assertThat(LabelValueParser.splitPairs("發(fā)布機(jī)構(gòu)：東湖區"))
                .containsExactly(RawField.block("發(fā)布機(jī)構(gòu)：", "東湖區"));
    }

    @Test
    void sentencesAreNotPairLists() {
        assertThat(LabelValueParser.splitPairs("各街道办事处，区政府各部门，区直各单位：")).isEmpty();
        assertThat(LabelValueParser.splitPairs("会议指出：要把安全生产放在首位。来源：本网")).isEmpty();
        assertThat(LabelValueParser.splitPairs("一、活动时间：2023年12月1日")).isEmpty();
        assertThat(LabelValueParser.splitPairs("11:20")).isEmpty();
    }

    @Test
    void knownLabelAsFirstInlinePieceWithoutColon() {
        List<Pair> pairs = LabelValueParser.parseRow(List.of(List.of("公开范围", "面向社会")), false);
        assertThat(pairs).extracting(Pair::field).containsExactly(RawField.block("公开范围", "面向社会"));
    }
}
