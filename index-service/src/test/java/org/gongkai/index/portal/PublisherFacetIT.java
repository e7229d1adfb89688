package org.gongkai.index.portal;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gongkai.index.IndexNames;
import org.gongkai.index.document.NoticeDocuments;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.gongkai.index.lifecycle.AliasCutOver;
import org.gongkai.index.lifecycle.IndexBootstrap;
import org.gongkai.index.lifecycle.IndexTemplate;
import org.gongkai.portal.query.PortalQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publisher facet and filter over the individual issuers ({@code publishers}) against a real Elasticsearch: on
 * an index made by today's bootstrap, and on one made by the template before the field (version 3) that the
 * bootstrap then upgrades in place, with documents written before and after the upgrade, and finally rebuilt by a
 * replay into a new version.
 */
class PublisherFacetIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper CLIENT_JSON =
            ElasticsearchClients.jsonpMapper().objectMapper();

    private static final PortalFixtures.Fixture JOINT = PortalFixtures.notice("joint", "/art/2024/1/2/art_301.html")
            .title("财政部 税务总局关于个人所得税综合所得汇算清缴事项的公告")
            .body("为贯彻落实个人所得税法，现就综合所得年度汇算清缴有关事项公告如下。")
            .publisher("财政部、税务总局")
            .numbers(null, "财政部 税务总局公告2024年第1号")
            .subject("财政、金融、审计", "税务")
            .genre("公告")
            .published("2024-01-02")
            .build();
    private static final PortalFixtures.Fixture TAX_ALONE = PortalFixtures.notice("tax", "/art/2024/2/3/art_302.html")
            .title("税务总局关于优化纳税缴费服务的通知")
            .body("各级税务机关要优化纳税缴费服务，方便纳税人办理汇算清缴。")
            .publisher("税务总局")
            .subject("财政、金融、审计", "税务")
            .genre("通知")
            .published("2024-02-03")
            .build();
    private static final PortalFixtures.Fixture FINANCE_ALONE = PortalFixtures.notice(
                    "finance", "/art/2024/3/4/art_303.html")
            .title("财政部关于做好预算执行工作的通知")
            .body("各地财政部门要做好预算执行工作，加强库款管理。")
            .publisher("财政部")
            .subject("财政、金融、审计", "财政")
            .genre("通知")
            .published("2024-03-04")
            .build();

    private static ElasticsearchClient client;

    @BeforeAll
    static void connect() {
        client = PortalIndex.client();
    }

    @AfterAll
    static void close() throws IOException {
        if (client != null) {
            client._transport().close();
        }
    }

    @Test
    void aJointNoticeCountsForEachIssuerAndIsFoundByEither() throws Exception {
        IndexNames names = uniqueNames();
        new IndexBootstrap(client, names, IndexTemplate.load().forIndex(names, 0)).run();
        for (PortalFixtures.Fixture f : List.of(JOINT, TAX_ALONE, FINANCE_ALONE)) {
            index(names.writeAlias(), f, false);
        }
        refresh(names);

        JsonNode all = browse(names, null);
        assertThat(publisherFacet(all)).containsExactly(Map.entry("税务总局", 2L), Map.entry("财政部", 2L));

        assertThat(PortalIndex.ids(browse(names, "税务总局"))).containsExactly(TAX_ALONE.id(), JOINT.id());
        assertThat(PortalIndex.ids(browse(names, "财政部"))).containsExactly(FINANCE_ALONE.id(), JOINT.id());
        // a link made before the split (the pair's old facet value) still finds the notice
        assertThat(PortalIndex.ids(browse(names, "财政部、税务总局"))).containsExactly(JOINT.id());
        // choosing an issuer leaves the other issuer of its joint notices in the facet, with their count
        assertThat(publisherFacet(browse(names, "税务总局"))).containsExactly(Map.entry("税务总局", 2L), Map.entry("财政部", 1L));
    }

    @Test
    void anIndexOfTheOldTemplateGainsTheFieldAtBootstrapAndItsOldDocumentsStaySearchable() throws Exception {
        IndexNames v1 = uniqueNames();
        PortalIndex.createWithTheTemplateBefore(v1, 3, "publishers");
        index(v1.writeAlias(), JOINT, true); // written by an index-service of template version 3
        index(v1.writeAlias(), FINANCE_ALONE, true);
        refresh(v1);
        assertThat(PortalIndex.mappedFields(client, v1.index())).doesNotContain("publishers");

        IndexBootstrap upgraded =
                new IndexBootstrap(client, v1, IndexTemplate.load().forIndex(v1, 0));
        upgraded.run();

        assertThat(PortalIndex.mappedFields(client, v1.index())).contains("publishers");
        assertThat(upgraded.addMissingFields())
                .as("a second bootstrap changes nothing")
                .isEmpty();
        // the upgraded service writes documents with the field; the strict mapping takes them
        index(v1.writeAlias(), TAX_ALONE, false);
        refresh(v1);

        // old documents: filtered and counted by their whole publisher until they are written again
        assertThat(publisherFacet(browse(v1, null)))
                .containsExactly(Map.entry("税务总局", 1L), Map.entry("财政部", 1L), Map.entry("财政部、税务总局", 1L));
        assertThat(PortalIndex.ids(browse(v1, "财政部"))).containsExactly(FINANCE_ALONE.id());
        assertThat(PortalIndex.ids(browse(v1, "财政部、税务总局"))).containsExactly(JOINT.id());
        assertThat(PortalIndex.ids(browse(v1, "税务总局")))
                .as("the old joint notice is not split before the replay")
                .containsExactly(TAX_ALONE.id());
        assertThat(PortalIndex.ids(fullText(v1, "汇算清缴"))).containsExactlyInAnyOrder(JOINT.id(), TAX_ALONE.id());

        // the replay into a new version (deploy/OPERATIONS.md §4) writes every notice with the field
        IndexNames v2 = new IndexNames(v1.base(), 2);
        new IndexBootstrap(client, v2, IndexTemplate.load().forIndex(v2, 0), false).run();
        for (PortalFixtures.Fixture f : List.of(JOINT, TAX_ALONE, FINANCE_ALONE)) {
            index(v2.index(), f, false);
        }
        new AliasCutOver(client, v2).run(false);
        refresh(v2);

        assertThat(PortalIndex.ids(browse(v2, "税务总局"))).containsExactly(TAX_ALONE.id(), JOINT.id());
        JsonNode all = browse(v2, null);
        assertThat(publisherFacet(all)).containsExactly(Map.entry("税务总局", 2L), Map.entry("财政部", 2L));
        assertThat(all.at("/aggregations/publisher_unsplit/doc_count").asLong()).isZero();
    }

    private static void index(String target, PortalFixtures.Fixture f, boolean withoutPublishers) throws IOException {
        ObjectNode doc = CLIENT_JSON.valueToTree(NoticeDocuments.of(f.notice(), Instant.now()));
        if (withoutPublishers) {
            doc.remove("publishers");
        } else {
            assertThat(doc.has("publishers")).isTrue();
        }
        client.index(i -> i.index(target).id(f.id()).document(doc));
    }

    private static void refresh(IndexNames names) throws IOException {
        client.indices().refresh(r -> r.index(names.readAlias()));
    }

    private static JsonNode browse(IndexNames names, String publisher) throws Exception {
        PortalQuery query = PortalQuery.load("browse").withFacets();
        if (publisher != null) {
            query.with("publishers", List.of(publisher));
        }
        return search(names, query);
    }

    private static JsonNode fullText(IndexNames names, String q) throws Exception {
        return search(names, PortalQuery.load("full-text").with("q", q).withFacets());
    }

    private static JsonNode search(IndexNames names, PortalQuery query) throws Exception {
        return JSON.readTree(
                PortalIndex.send("POST", "/" + names.readAlias() + "/_search", JSON.writeValueAsString(query.build())));
    }

    /** The facet as a portal shows it: per issuer, plus old documents' whole publisher (as search-service merges). */
    private static Map<String, Long> publisherFacet(JsonNode result) {
        Map<String, Long> counts = new LinkedHashMap<>();
        result.at("/aggregations/publisher/buckets")
                .forEach(b ->
                        counts.merge(b.get("key").asString(), b.get("doc_count").asLong(), Long::sum));
        result.at("/aggregations/publisher_unsplit/publisher/buckets")
                .forEach(b ->
                        counts.merge(b.get("key").asString(), b.get("doc_count").asLong(), Long::sum));
        return counts;
    }

    private static IndexNames uniqueNames() {
        return PortalIndex.uniqueNames("publisher-it");
    }
}
