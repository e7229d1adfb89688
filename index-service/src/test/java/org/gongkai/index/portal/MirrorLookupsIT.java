package org.gongkai.index.portal;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.gongkai.index.IndexNames;
import org.gongkai.index.document.NoticeDocuments;
import org.gongkai.index.lifecycle.IndexBootstrap;
import org.gongkai.index.lifecycle.IndexTemplate;
import org.gongkai.portal.query.PortalQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The 文号 and 索引号 lookups ({@code document-number.json}, {@code index-number.json}) and related notices
 * ({@code more-like-this.json}) with mirror copies, against a real Elasticsearch over an index made by the service's
 * bootstrap: a lookup gives one result per notice, represented by its original, listing its copies, and pages by
 * the offset cursor; related notices (one request: the shown notice pinned first, its group left out) leave out the
 * shown notice's copies and list another notice once, also when the read alias spans two index versions; a title is
 * suggested once ({@code title-suggest.json} collapses on {@code title.keyword}).
 */
class MirrorLookupsIT {

    private static final String PROVINCE = "http://www.province.example.gov.cn";
    private static final String NUMBER = "某府函〔2024〕7号";
    private static final String INDEX_NUMBER = "000014349/2024-00007";
    private static final String LOTTERY = "5f0c2a9d1b7e3c44";
    private static final String SALES = "7d13b2e0a9c4f561";
    private static final String OTHER_ISSUER = "c0ffee0012345678";

    private static final PortalFixtures.Fixture ORIGINAL = lottery("lottery", "province", PROVINCE + "/art/1.html")
            .identity(LOTTERY)
            .numbers(INDEX_NUMBER, NUMBER)
            .build();
    // the mirror's id sorts before the original's: without the preference for originals it would represent them
    private static final PortalFixtures.Fixture MIRROR = lottery(
                    "lottery-mirror", "tw-mirror", PortalFixtures.mirrorUrlSortingBefore(ORIGINAL.id()))
            .identity(LOTTERY)
            .numbers(INDEX_NUMBER, NUMBER)
            .flags("traditional_script", "mirror_artefacts")
            .build();
    // another issuer's notice with the same 文号 (an older one): another identity, its own result
    private static final PortalFixtures.Fixture SAME_NUMBER = PortalFixtures.onSite(
                    "same-number", "city", "http://www.city.example.gov.cn/art/9.html")
            .identity(OTHER_ISSUER)
            .title("关于城市道路占用挖掘审批的复函")
            .body("你局来函收悉。经研究，现就城市道路占用挖掘审批事项函复如下。")
            .publisher("某市人民政府办公室")
            .numbers("000014350/2023-00007", NUMBER)
            .subject("城乡建设", "市政")
            .genre("函")
            .published("2023-06-01")
            .build();
    private static final PortalFixtures.Fixture SALES_ORIGINAL = lottery("sales", "province", PROVINCE + "/art/2.html")
            .identity(SALES)
            .title("关于彩票发行销售机构管理有关问题的通知")
            .numbers(null, "某府发〔2024〕3号")
            .published("2024-02-01")
            .build();
    private static final PortalFixtures.Fixture SALES_MIRROR = lottery(
                    "sales-mirror", "tw-mirror", "http://tw.mirror.example.org/hk/6.html")
            .identity(SALES)
            .title("关于彩票发行销售机构管理有关问题的通知")
            .numbers(null, "某府发〔2024〕3号")
            .flags("traditional_script", "mirror_artefacts")
            .published("2024-02-01")
            .build();

    private static final List<PortalFixtures.Fixture> ALL =
            List.of(ORIGINAL, MIRROR, SAME_NUMBER, SALES_ORIGINAL, SALES_MIRROR);

    private static ElasticsearchClient client;
    private static IndexNames names;

    @BeforeAll
    static void indexFixtures() throws Exception {
        client = PortalIndex.client();
        names = PortalIndex.create(client, "lookups-it", ALL);
    }

    @AfterAll
    static void close() throws IOException {
        if (client != null) {
            client._transport().close();
        }
    }

    @ParameterizedTest
    @CsvSource({"document-number, document_number, 某府函(2024)7号", "index-number, index_number, 000014349/2024-00007"})
    void aLookupGivesOneResultPerNoticeRepresentedByItsOriginalListingItsCopies(
            String file, String parameter, String typed) throws Exception {
        JsonNode result = search(PortalQuery.load(file).with(parameter, typed));

        List<String> expected =
                file.equals("document-number") ? List.of(ORIGINAL.id(), SAME_NUMBER.id()) : List.of(ORIGINAL.id());
        assertThat(PortalIndex.ids(result)).containsExactlyElementsOf(expected);
        assertThat(PortalIndex.otherCopies(result.at("/hits/hits/0"))).containsExactly(MIRROR.id());
        assertThat(result.at("/hits/hits/0/inner_hits/copies/hits/hits/0/_source/siteId")
                        .asString())
                .isIn("province", "tw-mirror");
        assertThat(result.at("/aggregations/notices/value").asLong()).isEqualTo(expected.size());
        assertThat(result.at("/hits/total/value").asLong()).as("documents").isEqualTo(expected.size() + 1);
    }

    @Test
    void pagingALookupByItsOffsetCursorReturnsEveryNoticeOnce() throws Exception {
        List<String> paged = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            PortalQuery query = PortalQuery.load("document-number")
                    .with("document_number", NUMBER)
                    .size(1);
            if (after != null) {
                query.after(after);
            }
            JsonNode result = search(query);
            paged.addAll(PortalIndex.ids(result));
            after = query.next(result);
            pages++;
        } while (after != null && pages < 5);

        assertThat(paged).containsExactly(ORIGINAL.id(), SAME_NUMBER.id());
    }

    @Test
    void relatedNoticesLeaveOutTheShownNoticesCopiesAndListAnotherNoticeOnceInOneRequest() throws Exception {
        for (PortalFixtures.Fixture shown : List.of(ORIGINAL, MIRROR)) {
            JsonNode result = search(PortalQuery.load("more-like-this").with("notice_id", shown.id()));

            assertThat(PortalIndex.ids(result))
                    .as("the shown notice pinned first, for it and its copies")
                    .first()
                    .isEqualTo(shown.id());
            assertThat(PortalIndex.related(result, shown.id()))
                    .as("related to " + shown.key())
                    .doesNotContain(ORIGINAL.id(), MIRROR.id())
                    .containsOnlyOnce(SALES_ORIGINAL.id())
                    .doesNotContain(SALES_MIRROR.id());
        }
    }

    @Test
    void aNoticeThatIsNotThereHasNoRelatedNotices() throws Exception {
        JsonNode result = search(PortalQuery.load("more-like-this").with("notice_id", "0000000000000000"));

        assertThat(PortalIndex.ids(result)).isEmpty();
    }

    @Test
    void relatedNoticesStayRightWhileTheReadAliasSpansTheOldAndTheNewIndexVersion() throws Exception {
        // more than an atomic cut-over ever shows (one index at a time): both versions hold every notice
        IndexNames next = new IndexNames(names.base(), names.version() + 1);
        new IndexBootstrap(client, next, IndexTemplate.load().forIndex(next, 0)).run();
        for (PortalFixtures.Fixture f : ALL) {
            client.index(i -> i.index(next.index()).id(f.id()).document(NoticeDocuments.of(f.notice(), Instant.now())));
        }
        client.indices().refresh(r -> r.index(next.index()));
        client.indices()
                .updateAliases(u ->
                        u.actions(a -> a.add(x -> x.index(next.index()).alias(names.readAlias()))));
        try {
            for (PortalFixtures.Fixture shown : List.of(ORIGINAL, MIRROR)) {
                JsonNode result = search(PortalQuery.load("more-like-this").with("notice_id", shown.id()));

                assertThat(PortalIndex.related(result, shown.id()))
                        .as("related to " + shown.key() + " over two indices")
                        .doesNotContain(ORIGINAL.id(), MIRROR.id())
                        .containsOnlyOnce(SALES_ORIGINAL.id())
                        .doesNotContain(SALES_MIRROR.id());
            }
        } finally {
            client.indices()
                    .updateAliases(u ->
                            u.actions(a -> a.remove(x -> x.index(next.index()).alias(names.readAlias()))));
            client.indices().delete(d -> d.index(next.index()));
        }
    }

    @Test
    void aTitleOnSeveralSitesIsSuggestedOnce() throws Exception {
        JsonNode result = search(PortalQuery.load("title-suggest").with("prefix", "彩票发行销售"));

        assertThat(StreamSupport.stream(result.at("/hits/hits").spliterator(), false)
                        .map(h -> h.at("/_source/title").asString())
                        .toList())
                .containsExactlyInAnyOrder("关于彩票发行销售管理有关问题的复函", "关于彩票发行销售机构管理有关问题的通知");
    }

    private static PortalFixtures.Builder lottery(String key, String site, String url) {
        return PortalFixtures.onSite(key, site, url)
                .title("关于彩票发行销售管理有关问题的复函")
                .body("财政部来函收悉。经研究，现就彩票发行销售管理有关问题函复如下：彩票发行机构和彩票销售机构应当按照" + "彩票发行销售管理规定办理彩票发行销售业务。")
                .publisher("某省人民政府办公厅")
                .subject("财政金融", "彩票")
                .genre("函")
                .published("2024-03-01");
    }

    private static JsonNode search(PortalQuery query) throws Exception {
        return PortalIndex.search(names, query.build());
    }
}
