package org.gongkai.index.portal;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.gongkai.index.IndexNames;
import org.gongkai.portal.query.Cursor;
import org.gongkai.portal.query.PortalQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The portal's query contract ({@code docs/portal-search.md}): every file of {@code docs/portal-queries/} run as a
 * portal would send it, against a real Elasticsearch with the analysis plugin installed, over an index made by the
 * service's own bootstrap (template, aliases) and documents built by the service's own mapping. The requests are
 * filled by the portal-query library, the same code search-service runs.
 */
class PortalSearchIT {

    private static IndexNames names;
    private static ElasticsearchClient client;

    @BeforeAll
    static void indexFixtures() throws Exception {
        client = PortalIndex.client();
        names = PortalIndex.create(client, "portal-it", PortalFixtures.ALL);
    }

    @AfterAll
    static void close() throws IOException {
        if (client != null) {
            client._transport().close();
        }
    }

    @Test
    void fullTextFindsEveryNoticeOnTheTopicWithHighlights() throws Exception {
        JsonNode result = search(PortalQuery.load("full-text").with("q", "垃圾分类"));

        assertThat(keys(result)).containsExactlyInAnyOrder("waste-measures", "waste-review", "waste-week");
        JsonNode first = result.at("/hits/hits/0");
        assertThat(first.at("/highlight/title/0").asString()
                        + first.at("/highlight/body/0").asString())
                .contains("<em>");
        assertThat(first.at("/_source/title").asString()).isNotEmpty();
    }

    @Test
    void aTitleMatchOutranksTheSameWordsInABody() throws Exception {
        // "优化营商环境" is in both opinions' titles and in the statistics bulletin's body only
        List<String> keys = keys(search(PortalQuery.load("full-text").with("q", "优化营商环境")));

        assertThat(keys).containsExactly("business-opinion-repost", "business-opinion", "statistics");
    }

    @Test
    void equalScoresPutTheNewerNoticeFirst() throws Exception {
        JsonNode hits =
                search(PortalQuery.load("full-text").with("q", "进一步优化营商环境的意见")).at("/hits/hits");

        assertThat(hits.get(0).at("/_score").asDouble())
                .isEqualTo(hits.get(1).at("/_score").asDouble());
        assertThat(key(hits.get(0))).isEqualTo("business-opinion-repost");
        assertThat(key(hits.get(1))).isEqualTo("business-opinion");
    }

    @Test
    void aPhraseIsNotFoundFromScatteredCharacters() throws Exception {
        // every character of 检查方案 occurs in the food-safety notice, never as this phrase in its title or body;
        // its Traditional attachment has 檢查工作方案 — not the phrase either
        assertThat(keys(search(PortalQuery.load("title-suggest").with("prefix", "检查方案"))))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"食品安全監督檢查", "食品安全监督检查", "监督检查工作方案", "學校食堂"})
    void traditionalAndSimplifiedFindTheSameNoticeIncludingItsAttachment(String q) throws Exception {
        assertThat(keys(search(PortalQuery.load("full-text").with("q", q))))
                .first()
                .isEqualTo("food-safety");
    }

    @Test
    void fullWidthLettersAndDigitsAreFolded() throws Exception {
        assertThat(keys(search(PortalQuery.load("full-text").with("q", "ＧＤＰ\u3000６１２．３亿元"))))
                .first()
                .isEqualTo("statistics");
    }

    @Test
    void aSingleCharacterFindsTheOneNoticeThatHasIt() throws Exception {
        assertThat(keys(search(PortalQuery.load("full-text").with("q", "鲟")))).containsExactly("sturgeon");
        assertThat(keys(search(PortalQuery.load("full-text").with("q", "鱘")))).containsExactly("sturgeon");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "东府发〔2023〕21号",
                "东府发[2023]21号",
                "东府发(2023)21号",
                "东府发（2023）21号",
                "东府发【2023】21号",
                "东府发﹝2023﹞21号",
                "東府發〔2023〕21號",
                "东府发［２０２３］２１号",
                " 东府发 [2023] 21号 "
            })
    void aDocumentNumberIsFoundInAnyBracketForm(String typed) throws Exception {
        assertThat(keys(search(PortalQuery.load("document-number").with("document_number", typed))))
                .containsExactly("renovation");
        assertThat(keys(search(PortalQuery.load("full-text").with("q", typed))))
                .first()
                .isEqualTo("renovation");
    }

    @Test
    void aDocumentNumberSharedByARepostFindsBothNewestFirst() throws Exception {
        assertThat(keys(search(PortalQuery.load("document-number").with("document_number", "国办发[2024]12号"))))
                .containsExactly("business-opinion-repost", "business-opinion");
    }

    @Test
    void anIndexNumberIsFoundWhateverItsCaseAndWidth() throws Exception {
        for (String typed : List.of(
                "11360102MB1587413E/2023-00021", "11360102mb1587413e/2023-00021", "１１３６０１０２ＭＢ１５８７４１３Ｅ／２０２３－０００２１")) {
            assertThat(keys(search(PortalQuery.load("index-number").with("index_number", typed))))
                    .as(typed)
                    .containsExactly("renovation");
        }
    }

    @Test
    void filtersNarrowAndFacetsCountTheMatches() throws Exception {
        JsonNode all =
                search(PortalQuery.load("full-text").with("q", "老旧小区改造管理办法").withFacets());
        assertThat(keys(all)).containsExactlyInAnyOrder("renovation", "renovation-old");
        assertThat(buckets(all, "validity")).containsEntry("valid", 1L).containsEntry("repealed", 1L);
        assertThat(buckets(all, "year")).containsEntry("2023", 1L).containsEntry("2019", 1L);

        JsonNode valid = search(PortalQuery.load("full-text")
                .with("q", "老旧小区改造管理办法")
                .with("validities", List.of("valid"))
                .withFacets());
        assertThat(keys(valid)).containsExactly("renovation");
        assertThat(buckets(valid, "validity")).containsOnlyKeys("valid");
    }

    @Test
    void filtersByPublisherSubjectGenreAndDateRange() throws Exception {
        JsonNode byPublisher = search(PortalQuery.load("full-text")
                .with("q", "垃圾分类")
                .with("publishers", List.of("东湖区城市管理局"))
                .withFacets());
        assertThat(keys(byPublisher)).containsExactlyInAnyOrder("waste-review", "waste-week");
        assertThat(buckets(byPublisher, "publisher")).containsExactly(Map.entry("东湖区城市管理局", 2L));

        JsonNode byDate = search(PortalQuery.load("full-text")
                .with("q", "垃圾分类")
                .with("published_from", "2023-01-01")
                .with("published_to", "2024-01-01")
                .withFacets());
        assertThat(keys(byDate)).containsExactly("waste-measures");

        JsonNode byGenre = search(PortalQuery.load("full-text")
                .with("q", "垃圾分类")
                .with("genres", List.of("通知"))
                .with("subjects", List.of("城乡建设、环境保护"))
                .withFacets());
        assertThat(keys(byGenre)).containsExactlyInAnyOrder("waste-measures", "waste-week");
        assertThat(byGenre.at("/aggregations/subject/buckets/0/second/buckets/0/key")
                        .asString())
                .isEqualTo("环境监测、保护与治理");
    }

    @Test
    void browsingListsNewestFirstWithFacets() throws Exception {
        JsonNode result = search(PortalQuery.load("browse")
                .with("subjects", List.of("城乡建设、环境保护"))
                .withFacets());

        assertThat(keys(result))
                .containsExactly("waste-week", "renovation", "waste-measures", "waste-review", "renovation-old");
        assertThat(buckets(result, "genre")).containsEntry("通知", 2L).containsEntry("办法", 2L);
    }

    @Test
    void moreLikeThisFindsTheOtherNoticesOnTheTopic() throws Exception {
        List<String> keys = keys(search(PortalQuery.load("more-like-this")
                .with("notice_id", PortalFixtures.get("waste-measures").id())));

        assertThat(keys).as("the shown notice pinned first").first().isEqualTo("waste-measures");
        assertThat(keys.subList(1, 3)).containsExactlyInAnyOrder("waste-review", "waste-week");
    }

    @Test
    void pagingByTheCursorsOfPortalQueryReturnsEveryHitOnce() throws Exception {
        List<String> all = keys(
                post(PortalQuery.load("full-text").with("q", "东湖区").size(100).build()));
        assertThat(all).hasSizeGreaterThan(6);

        // full-text is collapsed (one result per notice), so paged by offset: the cursor carries it
        List<String> paged = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 20; page++) {
            PortalQuery query = PortalQuery.load("full-text").with("q", "东湖区").size(3);
            JsonNode result = post((after == null ? query : query.after(after)).build());
            result.at("/hits/hits").forEach(h -> paged.add(key(h)));
            after = query.next(result);
            if (after == null) {
                break;
            }
        }

        assertThat(paged).doesNotHaveDuplicates().containsExactlyElementsOf(all);
    }

    @Test
    void theOffsetCursorPagesALookupThroughEveryNoticeOnce() throws Exception {
        List<String> all = keys(post(PortalQuery.load("document-number")
                .with("document_number", "国办发[2024]12号")
                .size(100)
                .build()));
        assertThat(all).hasSize(2);

        List<String> paged = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 5; page++) {
            PortalQuery query = PortalQuery.load("document-number")
                    .with("document_number", "国办发[2024]12号")
                    .size(1);
            JsonNode result = post((after == null ? query : query.after(after)).build());
            result.at("/hits/hits").forEach(h -> paged.add(key(h)));
            after = query.next(result);
            if (after == null) {
                break;
            }
            // a lookup is collapsed (one result per notice) since session 16, so paged by offset
            assertThat(after).isEqualTo(Cursor.offset(page + 1));
        }

        assertThat(paged).containsExactlyElementsOf(all);
    }

    @Test
    void titleSuggestionsMatchWhatWasTypedAnywhereInTheTitleOncePerTitle() throws Exception {
        JsonNode result = search(PortalQuery.load("title-suggest").with("prefix", "优化营商"));
        assertThat(titles(result)).containsExactly("国务院办公厅关于进一步优化营商环境的意见");
        assertThat(result.at("/hits/hits/0/highlight/title/0").asString()).contains("<em>");

        assertThat(keys(search(PortalQuery.load("title-suggest").with("prefix", "垃圾分"))))
                .containsExactlyInAnyOrder("waste-measures", "waste-review", "waste-week");
        assertThat(keys(search(PortalQuery.load("title-suggest").with("prefix", "鲟"))))
                .containsExactly("sturgeon");
    }

    @Test
    void aNoticeIsReadByItsIdWithItsMetadataAndAttachments() throws Exception {
        PortalFixtures.Fixture food = PortalFixtures.get("food-safety");
        JsonNode result = search(PortalQuery.load("notice").with("notice_id", food.id()));

        assertThat(keys(result)).containsExactly("food-safety");
        JsonNode source = result.at("/hits/hits/0/_source");
        assertThat(source.path("documentNumber").asString()).isEqualTo("东卫发〔2023〕31号");
        assertThat(source.path("body").asString()).contains("学校食堂");
        assertThat(source.at("/attachments/0/name").asString()).isEqualTo("夏季食品安全監督檢查工作方案.docx");
        assertThat(source.at("/attachments/0/text").isMissingNode())
                .as("attachment text is not sent to a notice page")
                .isTrue();
        assertThat(keys(search(PortalQuery.load("notice").with("notice_id", "0000000000000000"))))
                .isEmpty();
    }

    @Test
    void aBodyLongerThanTheNodesHighlightLimitIsFoundWithItsHighlight() throws Exception {
        // body is indexed without offsets, so highlighting re-analyses the text; past the node's
        // index.highlight.max_analyzed_offset (1,000,000 characters) that would fail the whole search, were the
        // query's max_analyzed_offset not there to stop the highlighter short
        String opening = "为做好长江流域禁捕退捕工作，现将有关事项通知如下。";
        StringBuilder body = new StringBuilder(opening);
        String filler = "各地要压实属地责任，加强执法监管，做好退捕渔民安置保障工作。\n";
        while (body.length() <= 1_050_000) {
            body.append(filler);
        }
        PortalFixtures.Fixture fixture = PortalFixtures.notice("long-body", "/art/2024/5/6/art_999.html")
                .title("关于做好禁捕退捕工作的通知")
                .body(body.toString())
                .publisher("东湖区农业农村局")
                .numbers(null, null)
                .subject("农业、林业、水利", "渔业")
                .genre("通知")
                .published("2024-05-06")
                .build();
        IndexNames own = PortalIndex.create(client, "portal-long", List.of(fixture));

        JsonNode hit = post(
                        own, PortalQuery.load("full-text").with("q", "长江流域禁捕").build())
                .at("/hits/hits/0");

        assertThat(hit.at("/_id").asString()).isEqualTo(fixture.id());
        assertThat(hit.at("/highlight/body/0").asString()).contains("<em>");
    }

    @Test
    void aMissingParameterIsAnErrorNotAnEmptyQuery() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PortalQuery.load("full-text").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{{q}}");
    }

    private static JsonNode search(PortalQuery query) throws Exception {
        return post(query.build());
    }

    private static JsonNode post(ObjectNode body) throws Exception {
        return post(names, body);
    }

    private static JsonNode post(IndexNames index, ObjectNode body) throws Exception {
        return PortalIndex.search(index, body);
    }

    private static List<String> keys(JsonNode result) {
        return StreamSupport.stream(result.at("/hits/hits").spliterator(), false)
                .map(PortalSearchIT::key)
                .toList();
    }

    private static String key(JsonNode hit) {
        String id = hit.get("_id").asString();
        return PortalFixtures.ALL.stream()
                .filter(f -> f.id().equals(id))
                .map(PortalFixtures.Fixture::key)
                .findFirst()
                .orElse(id);
    }

    private static List<String> titles(JsonNode result) {
        return StreamSupport.stream(result.at("/hits/hits").spliterator(), false)
                .map(h -> h.at("/_source/title").asString())
                .toList();
    }

    private static Map<String, Long> buckets(JsonNode result, String aggregation) {
        Map<String, Long> counts = new LinkedHashMap<>();
        result.at("/aggregations/" + aggregation + "/buckets")
                .forEach(b ->
                        counts.put(b.get("key").asString(), b.get("doc_count").asLong()));
        return counts;
    }
}
