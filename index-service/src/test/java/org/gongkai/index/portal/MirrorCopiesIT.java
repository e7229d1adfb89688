package org.gongkai.index.portal;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gongkai.index.IndexNames;
import org.gongkai.index.lifecycle.IndexBootstrap;
import org.gongkai.index.lifecycle.IndexTemplate;
import org.gongkai.portal.query.PortalQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * One result per notice ({@code collapse} on {@code identity} in {@code full-text.json} and {@code browse.json}),
 * against a real Elasticsearch over an index made by the service's own bootstrap and documents: a notice published
 * on three sites (the provincial original, its Traditional mirror, a department's copy) is one result listing the
 * other two; totals and facet counts count notices; paging by the offset cursor returns every notice once; a
 * notice the enricher gave no identity stays its own result.
 */
class MirrorCopiesIT {

    private static final String PROVINCE = "http://www.province.example.gov.cn";
    private static final String LOTTERY = "5f0c2a9d1b7e3c44";
    private static final String TRANSPORT = "9a61e0c3b2d4f877";

    private static final PortalFixtures.Fixture ORIGINAL = reply("lottery", "province", PROVINCE + "/art/1.html")
            .identity(LOTTERY)
            .title("关于彩票发行销售管理有关问题的复函")
            .build();
    // the mirror's id sorts before the original's: without the preference for originals it would represent them
    private static final PortalFixtures.Fixture MIRROR = reply(
                    "lottery-mirror", "tw-mirror", PortalFixtures.mirrorUrlSortingBefore(ORIGINAL.id()))
            .identity(LOTTERY)
            .flags("traditional_script", "mirror_artefacts")
            .title("关于彩票发行销售管理有关问题的复函")
            .build();
    private static final PortalFixtures.Fixture COPY = reply(
                    "lottery-copy", "finance-dept", "http://czt.province.example.gov.cn/zwgk/3.html")
            .identity(LOTTERY)
            .title("关于彩票发行销售管理有关问题的复函")
            // an older page date than the original's: of equal scores the newer copy represents the notice
            .published("2024-02-28")
            .build();
    private static final PortalFixtures.Fixture TRANSPORT_ORIGINAL = reply(
                    "transport", "province", PROVINCE + "/art/4.html")
            .identity(TRANSPORT)
            .title("关于高速公路收费站设置问题的复函")
            .published("2024-05-06")
            .build();
    private static final PortalFixtures.Fixture TRANSPORT_MIRROR = reply(
                    "transport-mirror", "tw-mirror", "http://tw.mirror.example.org/hk/5.html")
            .identity(TRANSPORT)
            .flags("traditional_script", "mirror_artefacts")
            .title("关于高速公路收费站设置问题的复函")
            .published("2024-05-06")
            .build();

    private static final List<PortalFixtures.Fixture> ALL =
            new ArrayList<>(List.of(ORIGINAL, MIRROR, COPY, TRANSPORT_ORIGINAL, TRANSPORT_MIRROR));

    static {
        // notices on one site only, three of them without an identity from the enricher (an event without details)
        for (int i = 0; i < 6; i++) {
            PortalFixtures.Builder single = reply("single-" + i, "province", PROVINCE + "/art/single-" + i + ".html")
                    .title("关于第" + (i + 1) + "批建设项目用地问题的复函")
                    .published("2023-0" + (i + 1) + "-15");
            if (i < 3) {
                single.identity("0000aaaa0000000" + i);
            }
            ALL.add(single.build());
        }
    }

    private static ElasticsearchClient client;
    private static IndexNames names;

    @BeforeAll
    static void indexFixtures() throws Exception {
        client = PortalIndex.client();
        names = PortalIndex.create(client, "mirrors-it", ALL);
    }

    @AfterAll
    static void close() throws IOException {
        if (client != null) {
            client._transport().close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"彩票发行销售", "彩票發行銷售"})
    void aNoticeOnThreeSitesIsOneResultRepresentedByItsOriginalListingTheOtherTwo(String q) throws Exception {
        JsonNode result = search(PortalQuery.load("full-text").with("q", q).withFacets());

        assertThat(PortalIndex.ids(result)).containsExactly(ORIGINAL.id());
        assertThat(PortalIndex.otherCopies(result.at("/hits/hits/0")))
                .containsExactlyInAnyOrder(MIRROR.id(), COPY.id());
        JsonNode copy = PortalIndex.copies(result.at("/hits/hits/0")).stream()
                .filter(c -> c.path("_id").asString().equals(COPY.id()))
                .findFirst()
                .orElseThrow();
        assertThat(copy.at("/_source/siteId").asString()).isEqualTo("finance-dept");
        assertThat(copy.at("/_source/url").asString()).isEqualTo(COPY.notice().url());
        assertThat(copy.at("/_source/title").asString()).isEqualTo("关于彩票发行销售管理有关问题的复函");
        assertThat(copy.at("/_source/noticeId").asString()).isEqualTo(COPY.id());
        assertThat(result.at("/aggregations/notices/value").asLong()).isEqualTo(1);
        assertThat(result.at("/hits/total/value").asLong()).as("documents").isEqualTo(3);
    }

    @Test
    void totalsAndFacetCountsCountNoticesNotCopies() throws Exception {
        JsonNode result = search(PortalQuery.load("full-text").with("q", "复函").withFacets());

        assertThat(result.at("/hits/total/value").asLong()).as("documents").isEqualTo(11);
        assertThat(result.at("/aggregations/notices/value").asLong())
                .as("notices")
                .isEqualTo(8);
        assertThat(PortalIndex.ids(result)).hasSize(8);
        assertThat(notices(result, "site"))
                .containsEntry("province", 8L)
                .containsEntry("tw-mirror", 2L)
                .containsEntry("finance-dept", 1L);
        assertThat(notices(result, "publisher")).containsExactly(Map.entry("某省人民政府办公厅", 8L));
        assertThat(notices(result, "year")).containsEntry("2024", 2L).containsEntry("2023", 6L);
    }

    @Test
    void browsingListsEachNoticeOnceNewestFirstByItsOriginal() throws Exception {
        JsonNode result = search(PortalQuery.load("browse").withFacets());

        assertThat(PortalIndex.ids(result))
                .hasSize(8)
                .startsWith(TRANSPORT_ORIGINAL.id(), ORIGINAL.id())
                .doesNotContain(MIRROR.id(), COPY.id(), TRANSPORT_MIRROR.id());
        assertThat(result.at("/aggregations/notices/value").asLong()).isEqualTo(8);
        assertThat(PortalIndex.otherCopies(result.at("/hits/hits/0"))).containsExactly(TRANSPORT_MIRROR.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"full-text", "browse"})
    void pagingAcrossCollapsedGroupsReturnsEveryNoticeOnce(String file) throws Exception {
        List<String> unpaged = PortalIndex.ids(search(query(file).size(100)));

        List<String> paged = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            PortalQuery query = query(file).size(3);
            if (after != null) {
                query.after(after);
            }
            JsonNode result = search(query);
            paged.addAll(PortalIndex.ids(result));
            after = query.next(result);
            pages++;
        } while (after != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(paged).hasSize(8).doesNotHaveDuplicates().containsExactlyElementsOf(unpaged);
    }

    @Test
    void aNoticeWithoutIdentityFromTheEnricherStaysItsOwnResult() throws Exception {
        JsonNode result =
                search(PortalQuery.load("full-text").with("q", "建设项目用地").withFacets());

        assertThat(PortalIndex.ids(result))
                .hasSize(6)
                .containsAll(ALL.stream()
                        .filter(f -> f.notice().details() == null)
                        .map(PortalFixtures.Fixture::id)
                        .toList());
        assertThat(result.at("/aggregations/notices/value").asLong()).isEqualTo(6);
        result.at("/hits/hits")
                .forEach(hit -> assertThat(PortalIndex.otherCopies(hit)).isEmpty());
    }

    /**
     * Why index-service never leaves {@code identity} out: documents without the field (an index written before
     * session 16, until a replay writes them again) are collapsed into one group and not counted at all.
     */
    @Test
    void documentsWrittenWithoutTheFieldAreOneResultAndUncountedUntilReplayed() throws Exception {
        IndexNames old = PortalIndex.uniqueNames("mirrors-old");
        new IndexBootstrap(client, old, IndexTemplate.load().forIndex(old, 0)).run();
        for (int i = 0; i < 2; i++) {
            String id = "00000000000000a" + i;
            Map<String, Object> document =
                    Map.of("noticeId", id, "siteId", "province", "title", "关于第" + i + "批用地的复函", "body", "现函复如下。");
            client.index(r -> r.index(old.writeAlias()).id(id).document(document));
        }
        client.indices().refresh(r -> r.index(old.writeAlias()));

        JsonNode result = search(old, PortalQuery.load("full-text").with("q", "复函"));

        assertThat(result.at("/hits/total/value").asLong()).isEqualTo(2);
        assertThat(PortalIndex.ids(result)).hasSize(1);
        assertThat(PortalIndex.copies(result.at("/hits/hits/0"))).hasSize(2);
        assertThat(result.at("/aggregations/notices/value").asLong()).isZero();
    }

    private static PortalQuery query(String file) {
        PortalQuery query = PortalQuery.load(file).withFacets();
        return file.equals("full-text") ? query.with("q", "复函") : query;
    }

    private static PortalFixtures.Builder reply(String key, String site, String url) {
        return PortalFixtures.onSite(key, site, url)
                .body("你厅来函收悉。经研究，现函复如下：请按照有关规定办理。")
                .publisher("某省人民政府办公厅")
                .numbers(null, null)
                .subject("综合政务", "其他")
                .genre("函")
                .published("2024-03-01");
    }

    private static JsonNode search(PortalQuery query) throws Exception {
        return search(names, query);
    }

    private static JsonNode search(IndexNames index, PortalQuery query) throws Exception {
        return PortalIndex.search(index, query.build());
    }

    /** A facet's notice counts (its buckets' {@code notices} cardinality), by value. */
    private static Map<String, Long> notices(JsonNode result, String facet) {
        Map<String, Long> counts = new LinkedHashMap<>();
        result.at("/aggregations/" + facet + "/buckets")
                .forEach(b -> counts.put(
                        b.get("key").asString(), b.at("/notices/value").asLong()));
        return counts;
    }
}
