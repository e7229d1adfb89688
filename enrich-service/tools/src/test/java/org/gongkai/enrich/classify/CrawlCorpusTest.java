package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CrawlCorpusTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final CrawlCorpus corpus = new CrawlCorpus(DeclaredCategoryMapper.standard());

    @Test
    void exactDeclaredCategoryBecomesFirstAndSecondLevelLabel() {
        String line =
                corpus.line(CrawlNotices.enriched("n1", 1, "关于城市规划的通知", "正文", "城乡建设、环境保护\\城市规划", "附件一", " ", "附件二"));

        JsonNode node = JSON.readTree(line);
        assertThat(node.path("id").asString()).isEqualTo("n1");
        assertThat(node.path("title").asString()).isEqualTo("关于城市规划的通知");
        assertThat(node.path("body").asString()).isEqualTo("正文");
        assertThat(node.path("attachments").asString()).isEqualTo("附件一\n附件二");
        assertThat(node.path("declared").asString()).isEqualTo("城乡建设、环境保护\\城市规划");
        assertThat(node.path("first").asString()).isEqualTo("城乡建设、环境保护");
        assertThat(node.path("second").asString()).isEqualTo("城市规划");
        assertThat(line).doesNotContain("\n");
    }

    @Test
    void localSynonymMapsToItsNationalNode() {
        JsonNode node = JSON.readTree(corpus.line(CrawlNotices.enriched("n2", 1, "标题", "正文", "港澳台工作")));

        assertThat(node.path("first").asString()).isEqualTo("港澳台侨工作");
        assertThat(node.has("second")).isFalse();
        assertThat(node.path("declared").asString()).isEqualTo("港澳台工作");
        assertThat(node.has("attachments")).isFalse();
    }

    @Test
    void absentOrUnmappableDeclarationsGiveNoLine() {
        assertThat(corpus.line(CrawlNotices.enriched("n3", 1, "标题", "正文", null)))
                .isNull();
        assertThat(corpus.line(CrawlNotices.enriched("n4", 1, "标题", "正文", "本站自定义栏目")))
                .isNull();
        assertThat(corpus.line("n5", "标题", "正文", List.of(), "  ")).isNull();
    }

    @Test
    void aDeclarationListingSeveralCategoriesGivesNoLine() {
        assertThat(corpus.line(CrawlNotices.enriched("n7", 1, "标题", "正文", "工业、交通,商贸、海关")))
                .isNull();
        assertThat(corpus.line(CrawlNotices.enriched("n8", 1, "标题", "正文", "工业、交通")))
                .isNotNull();
    }

    @Test
    void indexDocumentFieldsConvertLikeEvents() {
        String line = corpus.line("n6", "标题", "正文", Arrays.asList("甲", null, "乙"), "税务");

        JsonNode node = JSON.readTree(line);
        assertThat(node.path("attachments").asString()).isEqualTo("甲\n乙");
        assertThat(node.path("first").asString()).isEqualTo("财政、金融、审计");
        assertThat(node.path("second").asString()).isEqualTo("税务");
    }

    @Test
    void linesAreReadBackByTheTrainerWithTheirLabels() throws Exception {
        String jsonl = corpus.line(CrawlNotices.enriched("a", 1, "标题甲", "正文甲", "公安、司法", "附件甲")) + "\n"
                + corpus.line(CrawlNotices.enriched("b", 1, "标题乙", "正文乙", "城乡建设、环境保护\\城市规划")) + "\n";
        int[] skipped = new int[1];

        List<LabelledNotice> read =
                LabelledNotice.readJsonl(new StringReader(jsonl), DeclaredCategoryMapper.standard(), skipped);

        assertThat(skipped[0]).isZero();
        assertThat(read)
                .extracting(LabelledNotice::title, LabelledNotice::attachments, LabelledNotice::label)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "标题甲",
                                "附件甲",
                                DeclaredCategoryMapper.standard().map("公安、司法").node()),
                        org.assertj.core.groups.Tuple.tuple("标题乙", "", new SubjectNode("城乡建设、环境保护", "城市规划")));
        assertThat(read.get(0).label()).isNotNull();
    }
}
