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
 * The extra subject keywords of issue 15's fourth pass ({@code subject-lexicon-extra.tsv}, an operator table of
 * {@code 主题词:} lines, not loaded by default): it loads against the taxonomy, extends rather than overrides the
 * shipped table, its longer forms win over a shorter keyword of another domain, and it finds nothing in the
 * salutation every State Council notice opens with.
 */
class SubjectLexiconExtraTest {

    private static final Path EXTRA = Path.of("src/main/resources/classify/subject-lexicon-extra.tsv");

    private static final Agencies WITH_EXTRA = Agencies.create(Taxonomy.national(), List.of(EXTRA));

    @Test
    void loadsAgainstTheTaxonomyAndOnlyAddsKeywords() throws IOException {
        Set<String> extra = Files.readAllLines(EXTRA, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith(Agencies.KEYWORD_PREFIX))
                .map(l -> l.substring(Agencies.KEYWORD_PREFIX.length(), l.indexOf('\t')))
                .collect(Collectors.toSet());
        assertThat(extra).hasSizeGreaterThan(50);

        Agencies shipped = Agencies.standard();
        // an extension, not an override: no extra keyword is already in the shipped table
        for (String keyword : extra) {
            assertThat(shipped.findKeywords(keyword))
                    .as(keyword)
                    .extracting(Agencies.Agency::name)
                    .doesNotContain(keyword);
        }
        assertThat(WITH_EXTRA.keywordCount()).isEqualTo(shipped.keywordCount() + extra.size());
        assertThat(WITH_EXTRA.size()).isEqualTo(shipped.size());
    }

    @Test
    void longerFormsWinOverAShorterKeywordOfAnotherDomain() {
        assertThat(firstLevels(Agencies.standard(), "促进新能源汽车产业发展")).startsWith("国土资源、能源");
        assertThat(firstLevels(WITH_EXTRA, "促进新能源汽车产业发展")).startsWith("工业、交通");

        assertThat(firstLevels(WITH_EXTRA, "加强检验检测机构监管")).startsWith("市场监管、安全生产监管");
        assertThat(firstLevels(WITH_EXTRA, "推进公共图书馆建设")).startsWith("文化、广电、新闻出版");
        assertThat(firstLevels(WITH_EXTRA, "地方政府债券发行管理")).startsWith("财政、金融、审计");
        assertThat(nodes(WITH_EXTRA, "地方政府债券发行管理")).contains("财政、金融、审计\\财政");
    }

    @Test
    void newKeywordsNameTheirDomain() {
        assertThat(firstLevels(Agencies.standard(), "取消一批行政许可事项")).isEmpty();
        assertThat(firstLevels(WITH_EXTRA, "取消一批行政许可事项")).containsExactly("综合政务");
        assertThat(firstLevels(WITH_EXTRA, "推进军民融合深度发展")).containsExactly("国防");
        assertThat(firstLevels(WITH_EXTRA, "实施健康中国行动")).containsExactly("卫生、体育");
    }

    @Test
    void findsNothingInTheStateCouncilSalutation() {
        String salutation = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：";
        assertThat(WITH_EXTRA.findKeywords(salutation)).isEmpty();
    }

    private static List<String> firstLevels(Agencies agencies, String text) {
        return agencies.findKeywords(text).stream()
                .flatMap(a -> a.domains().stream())
                .map(SubjectNode::first)
                .toList();
    }

    private static List<String> nodes(Agencies agencies, String text) {
        return agencies.findKeywords(text).stream()
                .flatMap(a -> a.domains().stream())
                .map(SubjectNode::path)
                .toList();
    }
}
