package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The index export on a real Elasticsearch: an index of its own behind an alias, with the fields of index-service's
 * template that the export reads, documents indexed by hand, exported in pages smaller than the result.
 */
class NoticesIndexExportIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void exportsEveryDocumentWithAMappableDeclaredCategoryAcrossPages() throws Exception {
        String url = RealServers.elasticsearchUrl();
        String suffix = UUID.randomUUID().toString();
        String index = "export-it-" + suffix;
        String alias = "export-it-alias-" + suffix;
        request(url, "PUT", index, """
                {"settings": {"number_of_shards": 2, "number_of_replicas": 0},
                 "aliases": {"%s": {}},
                 "mappings": {"properties": {
                   "noticeId": {"type": "keyword"}, "title": {"type": "text"}, "body": {"type": "text"},
                   "subjectCategory": {"type": "keyword"},
                   "attachments": {"properties": {"name": {"type": "keyword"}, "text": {"type": "text"}}}}}}
                """.formatted(alias));
        doc(url, index, "n1", """
                {"noticeId": "n1", "title": "关于城市规划的通知", "body": "正文一", "subjectCategory": "城乡建设、环境保护\\\\城市规划",
                 "attachments": [{"name": "a.pdf", "text": "附件一"}, {"name": "b.pdf", "text": "附件二"}]}""");
        doc(url, index, "n2", """
                {"noticeId": "n2", "title": "港澳台事务", "body": "正文二", "subjectCategory": "港澳台工作"}""");
        doc(url, index, "n3", """
                {"noticeId": "n3", "title": "本地栏目", "body": "正文三", "subjectCategory": "本站自定义栏目"}""");
        doc(url, index, "n4", """
                {"noticeId": "n4", "title": "没有分类", "body": "正文四"}""");
        doc(url, index, "n5", """
                {"noticeId": "n5", "title": "税务通知", "body": "正文五", "subjectCategory": "税务",
                 "attachments": {"name": "c.pdf", "text": "附件三"}}""");
        request(url, "POST", index + "/_refresh", null);

        StringWriter out = new StringWriter();
        CrawlCorpus.Stats stats = new NoticesIndexExport(url, alias, null, null, 2)
                .export(new CrawlCorpus(DeclaredCategoryMapper.standard()), out);

        List<JsonNode> lines = out.toString()
                .lines()
                .map(line -> (JsonNode) JSON.readTree(line))
                .toList();
        assertThat(lines)
                .extracting(
                        line -> line.path("id").asString(),
                        line -> line.path("first").asString(),
                        line -> line.path("second").asString(""),
                        line -> line.path("attachments").asString(""))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("n1", "城乡建设、环境保护", "城市规划", "附件一\n附件二"),
                        org.assertj.core.groups.Tuple.tuple("n2", "港澳台侨工作", "", ""),
                        org.assertj.core.groups.Tuple.tuple("n5", "财政、金融、审计", "税务", "附件三"));
        // n4 has no subjectCategory and is not fetched; n3 is fetched but does not map.
        assertThat(stats).isEqualTo(new CrawlCorpus.Stats(4, 3, 1));
    }

    @Test
    void missingIndexFails() {
        NoticesIndexExport export = new NoticesIndexExport(
                RealServers.elasticsearchUrl(), "export-it-missing-" + UUID.randomUUID(), null, null, 10);

        assertThatThrownBy(() -> export.export(new CrawlCorpus(DeclaredCategoryMapper.standard()), new StringWriter()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("404");
    }

    private void doc(String url, String index, String id, String json) throws Exception {
        request(url, "PUT", index + "/_doc/" + id, json);
    }

    private void request(String url, String method, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/$", "") + "/" + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }
}
