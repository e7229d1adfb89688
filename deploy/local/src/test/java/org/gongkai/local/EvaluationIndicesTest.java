package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EvaluationIndicesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** An {@code index_template} object as {@code GET _index_template/NAME} returns it. */
    static final String TEMPLATE = """
            {"index_patterns": ["notices-v*"], "priority": 100,
             "template": {
               "settings": {"index": {"number_of_shards": "1", "refresh_interval": "1s",
                 "analysis": {
                   "normalizer": {"gongkai_identifier": {"type": "custom", "char_filter": ["gongkai_identifier_fold"]}},
                   "analyzer": {"local_text": {"type": "custom", "tokenizer": "gongkai_cjk"}}}}},
               "mappings": {"dynamic": "strict",
                 "dynamic_templates": [{"t": {"path_match": "x.*", "mapping": {"type": "text", "analyzer": "gongkai_text_index"}}}],
                 "properties": {
                   "title": {"type": "text", "analyzer": "gongkai_text_index", "search_analyzer": "gongkai_text_search",
                             "fields": {"keyword": {"type": "keyword", "ignore_above": 512}}},
                   "body": {"type": "text", "analyzer": "local_text", "search_quote_analyzer": "gongkai_text_index"},
                   "plain": {"type": "text", "analyzer": "whitespace"},
                   "documentNumber": {"type": "keyword", "normalizer": "gongkai_identifier",
                     "fields": {"folded": {"type": "text", "analyzer": "gongkai_identifier"}}},
                   "publisher": {"type": "keyword", "fields": {"text": {"type": "text", "analyzer": "gongkai_text_index"}}},
                   "attachments": {"type": "object", "properties": {"text": {"type": "text", "search_analyzer": "gongkai_text_search"}}}
                 }},
               "aliases": {"notices": {}}
             }}
            """;

    @Test
    void pluginIndexKeepsTheTemplatesSettingsAndMappingsOnly() {
        JsonNode template = JSON.readTree(TEMPLATE);
        ObjectNode body = EvaluationIndices.plugin(template);
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("settings", "mappings");
        assertThat(body.get("settings")).isEqualTo(template.at("/template/settings"));
        assertThat(body.get("mappings")).isEqualTo(template.at("/template/mappings"));
    }

    @Test
    void standardIndexReplacesPluginAndDefinedAnalyzersDropsNormalizersAndAnalysis() {
        JsonNode template = JSON.readTree(TEMPLATE);
        ObjectNode body = EvaluationIndices.standard(template);
        assertThat(body.at("/settings/index/analysis").isMissingNode()).isTrue();
        assertThat(body.at("/settings/index/number_of_shards").asString()).isEqualTo("1");
        JsonNode p = body.at("/mappings/properties");
        assertThat(p.at("/title/analyzer").asString()).isEqualTo("standard");
        assertThat(p.at("/title/search_analyzer").asString()).isEqualTo("standard");
        assertThat(p.at("/title/fields/keyword/ignore_above").asInt()).isEqualTo(512);
        assertThat(p.at("/body/analyzer").asString())
                .as("defined in the analysis settings")
                .isEqualTo("standard");
        assertThat(p.at("/body/search_quote_analyzer").asString()).isEqualTo("standard");
        assertThat(p.at("/plain/analyzer").asString())
                .as("built-in analyzers stay")
                .isEqualTo("whitespace");
        assertThat(p.at("/documentNumber").has("normalizer")).isFalse();
        assertThat(p.at("/documentNumber/type").asString()).isEqualTo("keyword");
        assertThat(p.at("/documentNumber/fields/folded/analyzer").asString())
                .as("identifiers stay one token")
                .isEqualTo("keyword");
        assertThat(p.at("/publisher/fields/text/analyzer").asString()).isEqualTo("standard");
        assertThat(p.at("/attachments/properties/text/search_analyzer").asString())
                .isEqualTo("standard");
        assertThat(body.at("/mappings/dynamic_templates/0/t/mapping/analyzer").asString())
                .isEqualTo("standard");
        assertThat(template.at("/template/mappings/properties/title/analyzer").asString())
                .as("the input is not modified")
                .isEqualTo("gongkai_text_index");
    }

    @Test
    void flatAnalysisSettingsAreRemovedToo() {
        JsonNode template = JSON.readTree("""
                {"template": {"settings": {"index.analysis.normalizer.n.type": "custom", "index.number_of_shards": "1"},
                  "mappings": {"properties": {"k": {"type": "keyword", "normalizer": "n"}}}}}
                """);
        ObjectNode body = EvaluationIndices.standard(template);
        assertThat(body.get("settings").propertyNames()).containsExactly("index.number_of_shards");
        assertThat(body.at("/mappings/properties/k").has("normalizer")).isFalse();
    }

    @Test
    void theRepositorysTemplateLosesEveryPluginReference() throws Exception {
        Path file = Path.of("../../index-service/src/main/resources/elasticsearch/notices-template.json");
        ObjectNode body = EvaluationIndices.standard(JSON.readTree(Files.readString(file)));
        assertThat(body.toString()).doesNotContain("gongkai_").doesNotContain("\"normalizer\"");
        assertThat(body.at("/mappings/properties/title/type").asString()).isEqualTo("text");
    }
}
