package org.gongkai.index.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.index.IndexNames;
import org.gongkai.index.TestNotices;
import org.gongkai.index.document.NoticeDocuments;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.junit.jupiter.api.Test;

class IndexTemplateTest {

    private final IndexTemplate template = IndexTemplate.load();

    @Test
    void isAStrictTemplateForVersionedNoticeIndices() throws Exception {
        JsonNode body = new ObjectMapper().readTree(template.toJson());

        assertThat(body.path("index_patterns").toString()).isEqualTo("[\"notices-v*\"]");
        assertThat(template.mappings().path("dynamic").asText()).isEqualTo("strict");
        assertThat(template.settings().path("index").path("number_of_shards").asInt())
                .isEqualTo(1);
        assertThat(template.settings().path("index").path("number_of_replicas").asInt())
                .isZero();
    }

    @Test
    void mapsTextFieldsWithThePluginsAnalyzersAndTheRestAsKeywordsAndDates() {
        JsonNode properties = template.mappings().path("properties");
        List<JsonNode> texts = List.of(
                properties.path("title"),
                properties.path("body"),
                properties.path("keywords"),
                properties.path("publisher").path("fields").path("text"),
                properties.path("attachments").path("properties").path("text"));
        for (JsonNode text : texts) {
            assertThat(text.path("type").asText()).as(text.toString()).isEqualTo("text");
            // bigrams with unigrams in the index, bigrams only in queries: see analysis-plugin/README.md
            assertThat(text.path("analyzer").asText()).as(text.toString()).isEqualTo("gongkai_text_index");
            assertThat(text.path("search_analyzer").asText())
                    .as(text.toString())
                    .isEqualTo("gongkai_text_search");
        }
        for (String identifier : List.of("documentNumber", "indexNumber")) {
            // ES 8.19 refuses plugin components in keyword normalizers: a one-token analyzed sub-field instead
            assertThat(properties
                            .path(identifier)
                            .path("fields")
                            .path("folded")
                            .path("analyzer")
                            .asText())
                    .as(identifier)
                    .isEqualTo("gongkai_identifier");
        }
        assertThat(properties.path("extra").path("dynamic").asText()).isEqualTo("true");
        assertThat(properties
                        .path("title")
                        .path("fields")
                        .path("keyword")
                        .path("type")
                        .asText())
                .isEqualTo("keyword");
        for (String keyword : List.of(
                "noticeId",
                "url",
                "siteId",
                "indexNumber",
                "subjectCategory",
                "publisher",
                "publishers",
                "documentNumber",
                "documentNumberKey",
                "validity",
                "disclosureMode",
                "disclosureScope",
                "genre",
                "subjectFirst",
                "subjectSecond",
                "subjectSource",
                "subjectModelVersion",
                "identity",
                "flags",
                "enricherVersion")) {
            assertThat(properties.path(keyword).path("type").asText())
                    .as(keyword)
                    .isEqualTo("keyword");
        }
        for (String date : List.of("writtenAt", "publishedAt", "fetchedAt", "indexedAt")) {
            assertThat(properties.path(date).path("type").asText()).as(date).isEqualTo("date");
        }
        assertThat(properties.path("year").path("type").asText()).isEqualTo("integer");
        assertThat(properties.path("version").path("type").asText()).isEqualTo("long");
        assertThat(properties.path("labels").path("type").asText()).isEqualTo("object");
        assertThat(properties.path("labels").path("enabled").asBoolean(true)).isFalse();
    }

    /** Under dynamic: strict, a document field missing from the mapping would reject every notice. */
    @Test
    void mapsEveryFieldAFullyPopulatedDocumentHas() throws Exception {
        EnrichedNotice seed = TestNotices.notice(TestNotices.newUrl(), 3);
        EnrichedNotice full = new EnrichedNotice(
                1,
                seed.noticeId(),
                seed.url(),
                seed.siteId(),
                seed.fetchedAt(),
                3,
                seed.title(),
                seed.body(),
                new EnrichedNotice.Metadata(
                        "ncsdhqtyjrswj--2023-0013",
                        "综合政务\\其他",
                        "南昌市东湖区退役军人事务局",
                        OffsetDateTime.parse("2023-08-03T11:20:00+08:00"),
                        OffsetDateTime.parse("2023-08-04T09:00:00+08:00"),
                        "东退役军人发〔2023〕12号",
                        "东退役军人发[2023]12号",
                        "valid",
                        "主动公开",
                        "面向全社会",
                        "退役军人 工作要点",
                        "通知"),
                Map.of("索引号", "ncsdhqtyjrswj--2023-0013"),
                seed.attachments(),
                seed.flags(),
                seed.enricherVersion(),
                seed.enrichedAt(),
                null,
                new EnrichedNotice.Subject(
                        "综合政务",
                        "其他",
                        "predicted",
                        null,
                        new EnrichedNotice.Subject.Predicted("综合政务", "其他", 0.9, 0.6, "综合政务"),
                        false,
                        List.of(),
                        "subject-7-local"));
        ObjectMapper json = ElasticsearchClients.jsonpMapper().objectMapper();
        JsonNode doc = json.readTree(json.writeValueAsBytes(NoticeDocuments.of(full, Instant.now())));

        List<String> unmapped = new ArrayList<>();
        collectUnmapped("", doc, template.mappings(), unmapped);

        assertThat(unmapped).isEmpty();
        // identity included: without the enricher's details it is the notice id (session 16)
        assertThat(doc.path("identity").asText()).isEqualTo(seed.noticeId());
        assertThat(doc.path("subjectModelVersion").asText()).isEqualTo("subject-7-local");
        assertThat(doc.size()).as("every field populated").isEqualTo(32);
    }

    @Test
    void forIndexRewritesPatternAndReplicasWithoutTouchingTheOriginal() {
        IndexTemplate adjusted = template.forIndex(new IndexNames("gazette", 3), 2);

        assertThat(new String(adjusted.toJson())).contains("\"index_patterns\":[\"gazette-v*\"]");
        assertThat(adjusted.settings().path("index").path("number_of_replicas").asInt())
                .isEqualTo(2);
        assertThat(template.settings().path("index").path("number_of_replicas").asInt())
                .isZero();
        assertThat(adjusted.mappings()).isEqualTo(template.mappings());
    }

    private static void collectUnmapped(String prefix, JsonNode doc, JsonNode mapping, List<String> unmapped) {
        JsonNode properties = mapping.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode fieldMapping = properties.path(field.getKey());
            if (fieldMapping.isMissingNode()) {
                unmapped.add(prefix + field.getKey());
                continue;
            }
            if (!fieldMapping.path("enabled").asBoolean(true)) {
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (element.isObject()) {
                        collectUnmapped(prefix + field.getKey() + ".", element, fieldMapping, unmapped);
                    }
                }
            } else if (value.isObject()) {
                collectUnmapped(prefix + field.getKey() + ".", value, fieldMapping, unmapped);
            }
        }
    }
}
