package org.gongkai.index.portal;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.gongkai.index.IndexNames;
import org.gongkai.index.document.DocumentJson;
import org.gongkai.index.document.NoticeDocuments;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.gongkai.index.lifecycle.IndexBootstrap;
import org.gongkai.index.lifecycle.IndexTemplate;
import org.gongkai.portal.query.PortalQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The subject model version on the index (template version 5, session 19's finding 4) against a real Elasticsearch:
 * an index made by template version 4 holding a document written before the field is upgraded in place by the
 * bootstrap, enriched events with a model version are written as the service writes them ({@link DocumentJson}),
 * and the notices a model classified are found by the portal filter and counted as deploy/OPERATIONS.md tells an
 * operator; the older document stays searchable and simply lacks the version.
 */
class SubjectModelVersionIT {

    private static final String CRAWL_MODEL = "subject-crawl-20261207045735-216";
    private static final String SHIPPED_MODEL = "subject-7-local";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper CLIENT_JSON =
            ElasticsearchClients.jsonpMapper().objectMapper();

    /** Written by an index-service of template version 4: its model version never reached the index. */
    private static final PortalFixtures.Fixture BEFORE = PortalFixtures.notice("before", "/art/2024/1/5/art_401.html")
            .title("东湖区关于做好春节期间安全生产工作的通知")
            .body("各街道要做好春节期间安全生产检查工作。")
            .publisher("南昌市东湖区人民政府办公室")
            .subject("综合政务", "其他")
            .classifiedBy(SHIPPED_MODEL, "predicted")
            .genre("通知")
            .published("2024-01-05")
            .build();

    private static final PortalFixtures.Fixture CRAWL_PREDICTED = PortalFixtures.notice(
                    "crawl-predicted", "/art/2024/2/6/art_402.html")
            .title("东湖区关于开展老旧小区改造意见征集的公告")
            .body("为推进老旧小区改造，现公开征集居民意见。")
            .publisher("南昌市东湖区住房和城乡建设局")
            .subject("城乡建设、环境保护", "城市规划")
            .classifiedBy(CRAWL_MODEL, "predicted")
            .genre("公告")
            .published("2024-02-06")
            .build();
    private static final PortalFixtures.Fixture CRAWL_DECLARED = PortalFixtures.notice(
                    "crawl-declared", "/art/2024/3/7/art_403.html")
            .title("东湖区关于公布2024年城市管理工作要点的通知")
            .body("现将2024年城市管理工作要点印发给你们。")
            .publisher("南昌市东湖区城市管理局")
            .subject("城乡建设、环境保护", "市政")
            .classifiedBy(CRAWL_MODEL, "declared")
            .genre("通知")
            .published("2024-03-07")
            .build();
    private static final PortalFixtures.Fixture SHIPPED_PREDICTED = PortalFixtures.notice(
                    "shipped-predicted", "/art/2024/4/8/art_404.html")
            .title("东湖区关于做好农业防汛工作的通知")
            .body("各街道要做好汛期农业生产防灾工作。")
            .publisher("南昌市东湖区农业农村局")
            .subject("农业、林业、水利", "农业、畜牧业、渔业")
            .classifiedBy(SHIPPED_MODEL, "predicted")
            .genre("通知")
            .published("2024-04-08")
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
    void anIndexOfTemplateVersion4GainsTheFieldInPlaceAndTheNoticesOfAModelAreFoundByIt() throws Exception {
        IndexNames names = PortalIndex.uniqueNames("model-version-it");
        PortalIndex.createWithTheTemplateBefore(names, 4, "subjectModelVersion");
        index(names, BEFORE, true);
        assertThat(PortalIndex.mappedFields(client, names.index())).doesNotContain("subjectModelVersion");

        IndexBootstrap upgraded =
                new IndexBootstrap(client, names, IndexTemplate.load().forIndex(names, 0));
        upgraded.run();

        assertThat(PortalIndex.mappedFields(client, names.index())).contains("subjectModelVersion");
        assertThat(upgraded.addMissingFields())
                .as("a second bootstrap changes nothing")
                .isEmpty();
        // the upgraded service writes the enriched events with their model version; the strict mapping takes them
        for (PortalFixtures.Fixture f : List.of(CRAWL_PREDICTED, CRAWL_DECLARED, SHIPPED_PREDICTED)) {
            index(names, f, false);
        }
        client.indices().refresh(r -> r.index(names.readAlias()));

        JsonNode crawl = browse(names, CRAWL_MODEL);
        assertThat(PortalIndex.ids(crawl)).containsExactly(CRAWL_DECLARED.id(), CRAWL_PREDICTED.id());
        assertThat(crawl.at("/aggregations/notices/value").asLong()).isEqualTo(2);
        assertThat(crawl.at("/hits/hits/1/_source/subjectModelVersion").asString())
                .isEqualTo(CRAWL_MODEL);
        assertThat(crawl.at("/hits/hits/1/_source/subjectSource").asString()).isEqualTo("predicted");
        assertThat(crawl.at("/hits/hits/0/_source/subjectSource").asString()).isEqualTo("declared");
        assertThat(PortalIndex.ids(browse(names, SHIPPED_MODEL)))
                .as("the document written before the field is not found by its model")
                .containsExactly(SHIPPED_PREDICTED.id());
        assertThat(PortalIndex.ids(browse(names, null)))
                .as("but it is still searched and shown")
                .containsExactly(SHIPPED_PREDICTED.id(), CRAWL_DECLARED.id(), CRAWL_PREDICTED.id(), BEFORE.id());

        // deploy/OPERATIONS.md: a model's notices by source and site, and since when
        JsonNode bySource = JSON.readTree(PortalIndex.send(
                "POST",
                "/" + names.readAlias() + "/_search",
                "{\"size\":0,\"query\":{\"term\":{\"subjectModelVersion\":\"" + CRAWL_MODEL + "\"}},"
                        + "\"aggs\":{\"source\":{\"terms\":{\"field\":\"subjectSource\",\"missing\":\"(unclassified)\"}},"
                        + "\"site\":{\"terms\":{\"field\":\"siteId\",\"size\":100}},"
                        + "\"first\":{\"min\":{\"field\":\"enrichedAt\"}}}}"));
        assertThat(bySource.at("/aggregations/source/buckets").toString())
                .contains("{\"key\":\"declared\",\"doc_count\":1}", "{\"key\":\"predicted\",\"doc_count\":1}");
        assertThat(bySource.at("/aggregations/site/buckets/0/doc_count").asLong())
                .isEqualTo(2);
        assertThat(bySource.at("/aggregations/first/value_as_string").asString())
                .isEqualTo(CRAWL_PREDICTED.notice().enrichedAt().toString().replace("Z", ".000Z"));
        // deploy/OPERATIONS.md: the notices whose subject a rolled-back model chose, and those without a version
        assertThat(count(
                        names,
                        "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"subjectModelVersion\":\"" + CRAWL_MODEL
                                + "\"}},{\"term\":{\"subjectSource\":\"predicted\"}}]}}}"))
                .isEqualTo(1);
        assertThat(count(
                        names,
                        "{\"query\":{\"bool\":{\"must_not\":{\"exists\":{\"field\":\"subjectModelVersion\"}}}}}"))
                .isEqualTo(1);
    }

    /** The document as index-service writes it; {@code asVersion4} leaves out the field (an older service). */
    private static void index(IndexNames names, PortalFixtures.Fixture f, boolean asVersion4) throws IOException {
        byte[] written = new DocumentJson(CLIENT_JSON).toJson(NoticeDocuments.of(f.notice(), Instant.now()));
        ObjectNode doc = (ObjectNode) CLIENT_JSON.readTree(written);
        assertThat(doc.path("subjectModelVersion").asText())
                .isEqualTo(f.notice().subject().modelVersion());
        if (asVersion4) {
            doc.remove("subjectModelVersion");
        }
        byte[] body = CLIENT_JSON.writeValueAsBytes(doc);
        client.index(i -> i.index(names.writeAlias()).id(f.id()).withJson(new ByteArrayInputStream(body)));
    }

    private static JsonNode browse(IndexNames names, String modelVersion) throws Exception {
        PortalQuery query = PortalQuery.load("browse").withFacets();
        if (modelVersion != null) {
            query.with("subject_model_versions", List.of(modelVersion));
        }
        return JSON.readTree(
                PortalIndex.send("POST", "/" + names.readAlias() + "/_search", JSON.writeValueAsString(query.build())));
    }

    private static long count(IndexNames names, String body) throws Exception {
        return JSON.readTree(PortalIndex.send("POST", "/" + names.readAlias() + "/_count", body))
                .path("count")
                .asLong();
    }
}
