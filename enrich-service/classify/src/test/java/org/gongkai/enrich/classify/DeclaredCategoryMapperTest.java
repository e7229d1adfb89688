package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gongkai.enrich.classify.DeclaredSubject.Match;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeclaredCategoryMapperTest {

    private final DeclaredCategoryMapper mapper = DeclaredCategoryMapper.standard();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            综合政务                              | EXACT             | 综合政务
            财政、金融、审计\\税务                  | EXACT             | 财政、金融、审计\\税务
            财政、金融、审计/税务                   | EXACT             | 财政、金融、审计\\税务
            财政、金融、审计 ＞ 税务                 | EXACT             | 财政、金融、审计\\税务
            财政，金融，审计＼税务                   | EXACT             | 财政、金融、审计\\税务
            城乡建设、环境保护\\城乡建设（含住房）     | EXACT             | 城乡建设、环境保护\\城乡建设(含住房)
            税务                                  | SECOND_LEVEL_NAME | 财政、金融、审计\\税务
            军转安置                              | SECOND_LEVEL_NAME | 劳动、人事、监察\\军转安置
            国民经济管理、国有资产监督              | SYNONYM           | 国民经济管理、国有资产监管
            公安、司法                            | SYNONYM           | 公安、安全、司法
            农业、畜牧业、渔业、林业、水利、粮食      | SYNONYM           | 农业、林业、水利
            港澳台工作                            | SYNONYM           | 港澳台侨工作
            公安、司法\\司法                       | SYNONYM           | 公安、安全、司法\\司法
            农业农村                              | SYNONYM           | 农业、林业、水利\\农业、畜牧业、渔业
            其它                                  | EXACT             | 其他
            综合政务\\机关党建                      | FIRST_LEVEL_ONLY  | 综合政务
            地方特色\\税务                         | SECOND_LEVEL_NAME | 财政、金融、审计\\税务
            """)
    void mapsToTheNationalNode(String raw, Match match, String path) {
        DeclaredSubject declared = mapper.map(raw);
        assertThat(declared.match()).isEqualTo(match);
        assertThat(declared.raw()).isEqualTo(raw);
        assertThat(declared.node().path().replace('（', '(').replace('）', ')')).isEqualTo(path);
        assertThat(mapper.taxonomy().contains(declared.node())).isTrue();
    }

    @Test
    void unknownValuesAreKeptRawAndFlaggedNeverForced() {
        DeclaredSubject declared = mapper.map("机关党建");
        assertThat(declared.match()).isEqualTo(Match.UNMAPPED);
        assertThat(declared.node()).isNull();
        assertThat(declared.raw()).isEqualTo("机关党建");
        assertThat(declared.flag()).isEqualTo("subject_declared_unmapped");
        assertThat(mapper.map("综合政务\\机关党建").flag()).isEqualTo("subject_declared_second_level_unmapped");
    }

    @Test
    void aValueListingSeveralCategoriesMapsToTheFirstListedOneThatMapsKeepsTheRawValueAndIsFlagged() {
        DeclaredSubject jiangxi = mapper.map("工业、交通,商贸、海关");
        assertThat(jiangxi.match()).isEqualTo(Match.LISTED);
        assertThat(jiangxi.node()).isEqualTo(SubjectNode.of("工业、交通"));
        assertThat(jiangxi.raw()).isEqualTo("工业、交通,商贸、海关");
        assertThat(jiangxi.flag()).isEqualTo("subject_declared_several");

        DeclaredSubject firstUnknown = mapper.map("机关党建；商贸、海关");
        assertThat(firstUnknown.match()).isEqualTo(Match.LISTED);
        assertThat(firstUnknown.node()).isEqualTo(mapper.map("商贸、海关").node());
    }

    @Test
    void aListedCategoryKnownOnlyByItsFirstLevelKeepsOnlyItsFirstLevel() {
        DeclaredSubject listed = mapper.map("机关党建，综合政务\\机关党建");
        assertThat(listed.match()).isEqualTo(Match.LISTED);
        assertThat(listed.node()).isEqualTo(SubjectNode.of("综合政务"));
    }

    @Test
    void aListWhereNoCategoryMapsStaysUnmapped() {
        DeclaredSubject declared = mapper.map("机关党建,地方特色");
        assertThat(declared.match()).isEqualTo(Match.UNMAPPED);
        assertThat(declared.node()).isNull();
        assertThat(declared.flag()).isEqualTo("subject_declared_unmapped");
    }

    @Test
    void aWholeValueThatMapsIsNeverSplit() {
        assertThat(mapper.map("工业、交通").match()).isEqualTo(Match.EXACT);
        assertThat(mapper.map("财政,金融,审计"))
                .isEqualTo(new DeclaredSubject("财政,金融,审计", Match.EXACT, SubjectNode.of("财政、金融、审计")));
        assertThat(mapper.map("国民经济管理，国有资产监督").match()).isEqualTo(Match.SYNONYM);
        assertThat(mapper.map("财政；金融；审计\\税务").node()).isEqualTo(new SubjectNode("财政、金融、审计", "税务"));
    }

    @Test
    void onlyAnUnambiguousMappedValueIsTrainable() {
        assertThat(mapper.map("工业、交通").trainable()).isTrue();
        assertThat(mapper.map("综合政务\\机关党建").trainable()).isTrue();
        assertThat(mapper.map("工业、交通,商贸、海关").trainable()).isFalse();
        assertThat(mapper.map("机关党建").trainable()).isFalse();
        assertThat(DeclaredSubject.ABSENT.trainable()).isFalse();
    }

    @Test
    void absentValues() {
        assertThat(mapper.map(null)).isEqualTo(DeclaredSubject.ABSENT);
        assertThat(mapper.map(" \u3000")).isEqualTo(DeclaredSubject.ABSENT);
        assertThat(DeclaredSubject.ABSENT.flag()).isNull();
    }

    @Test
    void everyNationalNodeMapsToItself() {
        Taxonomy taxonomy = mapper.taxonomy();
        for (String first : taxonomy.firstLevels()) {
            assertThat(mapper.map(first).node()).isEqualTo(SubjectNode.of(first));
        }
        for (SubjectNode node : taxonomy.secondLevels()) {
            assertThat(mapper.map(node.path()).node()).isEqualTo(node);
        }
    }

    @Test
    void operatorTablesExtendAndOverrideTheShippedOne(@TempDir Path dir) throws IOException {
        Path table = dir.resolve("local.tsv");
        Files.writeString(table, "# local names\n机关党建\t综合政务\\其他\n港澳台工作\t港澳台侨工作\\对台工作\n", StandardCharsets.UTF_8);
        DeclaredCategoryMapper local = DeclaredCategoryMapper.create(Taxonomy.national(), List.of(table));
        assertThat(local.map("机关党建").node()).isEqualTo(new SubjectNode("综合政务", "其他"));
        assertThat(local.map("港澳台工作").node()).isEqualTo(new SubjectNode("港澳台侨工作", "对台工作"));
        assertThat(local.map("公安、司法").node()).isEqualTo(SubjectNode.of("公安、安全、司法"));
    }

    @Test
    void synonymTargetsOutsideTheTaxonomyFailAtStartUp(@TempDir Path dir) throws IOException {
        Path table = dir.resolve("bad.tsv");
        Files.writeString(table, "机关党建\t党的建设\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DeclaredCategoryMapper.create(Taxonomy.national(), List.of(table)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("党的建设");
        Path malformed = dir.resolve("malformed.tsv");
        Files.writeString(malformed, "just one column\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DeclaredCategoryMapper.create(Taxonomy.national(), List.of(malformed)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
