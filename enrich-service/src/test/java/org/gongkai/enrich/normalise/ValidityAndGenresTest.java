package org.gongkai.enrich.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidityAndGenresTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "NULL",
            value = {
                "有效,valid",
                "现行有效,valid",
                "现行 有效,valid",
                "已 过期,expired",
                "是,valid",
                "失效,expired",
                "已失效,expired",
                "废止,repealed",
                "廢止,repealed",
                "已废止,repealed",
                "部分失效,unknown",
                "其他,unknown",
                "'',NULL",
                "无,NULL",
            })
    void validity(String value, String expected) {
        assertThat(Validity.of(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "NULL",
            delimiter = '|',
            value = {
                "关于印发《东湖区2023年工作要点》的通知|通知",
                "关于公布2024年度重点项目的公告|公告",
                "南昌市人民政府关于同意设立东湖产业园区的批复|批复",
                "关于东湖区2023年财政预算执行情况的报告|报告",
                "东湖区城市更新行动实施方案（试行）|方案",
                "东湖区物业管理办法(征求意见稿)|办法",
                "关于商请支持相关工作的函|函",
                "中华人民共和国主席令|令",
                "国务院关于授予某某同志荣誉称号的命令|命令",
                "东湖区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要|NULL",
                "關於印發實施細則的通知|通知",
                "区委召开常委会会议|NULL",
                "'  '|NULL",
            })
    void genreFromTitle(String title, String expected) {
        assertThat(Genres.fromTitle(title)).isEqualTo(expected);
    }
}
