package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Session 13's operator table of national agency names ({@code agencies-national-forms.tsv}, not loaded by default):
 * it loads against the taxonomy, only adds names, and finds the whole names the shipped table's substring search
 * misses (a 总局 is not a …局 of the shipped table) with their domain, and none in the State Council salutation.
 */
class NationalAgencyFormsTest {

    private static final Path FORMS = Path.of("src/main/resources/classify/agencies-national-forms.tsv");

    private static final Agencies WITH_FORMS = Agencies.create(Taxonomy.national(), List.of(FORMS));

    @Test
    void loadsAgainstTheTaxonomyAndOnlyAddsNames() throws IOException {
        Set<String> names = Files.readAllLines(FORMS, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf('\t')))
                .collect(Collectors.toSet());
        assertThat(names).hasSizeGreaterThan(90);
        Agencies shipped = Agencies.standard();
        for (String name : names) {
            assertThat(shipped.find(name))
                    .as(name)
                    .extracting(Agencies.Agency::name)
                    .doesNotContain(name);
        }
        assertThat(WITH_FORMS.size()).isEqualTo(shipped.size() + names.size());
    }

    @Test
    void findsTheWholeNameOfAFormerGeneralAdministration() {
        assertThat(names(Agencies.standard(), "国家工商行政管理总局")).doesNotContain("工商行政管理总局");
        assertThat(names(WITH_FORMS, "国家工商行政管理总局")).containsExactly("工商行政管理总局");
        assertThat(nodes(WITH_FORMS, "国家质量监督检验检疫总局")).containsExactly("市场监管、安全生产监管\\质量监督", "商贸、海关、旅游\\检验、检疫");
        assertThat(nodes(WITH_FORMS, "国家防汛抗旱总指挥部")).contains("民政、扶贫、救灾\\减灾救灾");
    }

    @Test
    void findsShortFormsOfCoordinatingBodies() {
        assertThat(nodes(WITH_FORMS, "国务院食品安全委员会办公室")).containsExactly("市场监管、安全生产监管\\食品药品监管");
        assertThat(nodes(WITH_FORMS, "中宣部、国家民委")).containsExactly("文化、广电、新闻出版", "民族、宗教\\民族事务");
    }

    @Test
    void findsNothingInTheStateCouncilSalutation() {
        assertThat(WITH_FORMS.find("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：")).isEmpty();
    }

    private static List<String> names(Agencies agencies, String text) {
        return agencies.find(text).stream().map(Agencies.Agency::name).toList();
    }

    private static List<String> nodes(Agencies agencies, String text) {
        return agencies.find(text).stream()
                .flatMap(a -> a.domains().stream())
                .map(SubjectNode::path)
                .toList();
    }
}
