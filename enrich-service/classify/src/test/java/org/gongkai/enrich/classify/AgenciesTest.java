package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgenciesTest {

    private final Agencies agencies = Agencies.standard();

    @Test
    void localCounterpartsOfNationalAgenciesAreFoundInsideLongerNames() {
        assertThat(names(agencies.find("南昌市东湖区教育局关于2024年秋季招生工作的通知"))).containsExactly("教育局");
        assertThat(agencies.find("江西省卫生健康委员会").get(0).domains()).containsExactly(new SubjectNode("卫生、体育", "卫生"));
        assertThat(agencies.find("财政部 税务总局公告").stream()
                        .map(a -> a.domains().get(0).first()))
                .containsOnly("财政、金融、审计");
    }

    @Test
    void theLongestNameAtAPlaceWinsAndIssuersOfEverySubjectAreNotListed() {
        // 民族宗教事务委员会 is read whole, not as 教委 (education) inside it
        assertThat(names(agencies.find("省民族宗教事务委员会"))).containsExactly("民族宗教事务委员会");
        // 人民政府 contains 民政 but is no 民政局; a government office says nothing of the subject
        assertThat(agencies.find("河北省人民政府办公厅")).isEmpty();
        assertThat(agencies.find("国务院办公厅")).isEmpty();
    }

    @Test
    void operatorTablesAddNamesAndOverrideEntries(@TempDir Path dir) throws IOException {
        Path table = dir.resolve("agencies.tsv");
        Files.writeString(table, "# local names\n区社会事业局\t民政、扶贫、救灾\n教育局\t科技、教育\n", StandardCharsets.UTF_8);
        Agencies extended = Agencies.create(Taxonomy.national(), List.of(table));
        assertThat(names(extended.find("某区社会事业局通知"))).containsExactly("区社会事业局");
        assertThat(extended.find("教育局").get(0).domains()).containsExactly(SubjectNode.of("科技、教育"));
        assertThat(extended.size()).isEqualTo(agencies.size() + 1);
    }

    @Test
    void aNodeOutsideTheTaxonomyFailsWithFileAndLine(@TempDir Path dir) throws IOException {
        Path table = dir.resolve("bad.tsv");
        Files.writeString(table, "教育局\t科技、教育\n体育局\t体育\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Agencies.create(Taxonomy.national(), List.of(table)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.tsv:2")
                .hasMessageContaining("体育");
        Files.writeString(table, "只有名字\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Agencies.create(Taxonomy.national(), List.of(table)))
                .hasMessageContaining("bad.tsv:1");
    }

    @Test
    void subjectKeywordsAreATableOfTheirOwnAndOperatorsAddThem(@TempDir Path dir) throws IOException {
        assertThat(names(agencies.findKeywords("关于做好高速公路收费站建设的批复"))).containsExactly("高速公路", "收费站");
        assertThat(agencies.findKeywords("国务院关于任免国家工作人员的通知").get(0).domains()).contains(SubjectNode.of("国务院组织机构"));
        // keywords are not agencies
        assertThat(agencies.find("全民健身")).isEmpty();
        Path table = dir.resolve("agencies.tsv");
        Files.writeString(table, "主题词:碳普惠\t城乡建设、环境保护\n", StandardCharsets.UTF_8);
        Agencies extended = Agencies.create(Taxonomy.national(), List.of(table));
        assertThat(names(extended.findKeywords("关于推进碳普惠的意见"))).containsExactly("碳普惠");
        assertThat(extended.keywordCount()).isEqualTo(agencies.keywordCount() + 1);
        assertThat(extended.size()).isEqualTo(agencies.size());
    }

    @Test
    void everyShippedEntryMapsIntoTheTaxonomy() {
        // loading validates every node; the table is not trivially small
        assertThat(agencies.size()).isGreaterThan(200);
        assertThat(agencies.keywordCount()).isGreaterThan(400);
    }

    private static List<String> names(List<Agencies.Agency> found) {
        return found.stream().map(Agencies.Agency::name).toList();
    }
}
