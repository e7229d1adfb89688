package org.gongkai.index.portal;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.gongkai.elasticsearch.ElasticsearchProperties;
import org.gongkai.index.IndexNames;
import org.gongkai.index.document.NoticeDocuments;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.gongkai.index.lifecycle.IndexBootstrap;
import org.gongkai.index.lifecycle.IndexTemplate;
import org.gongkai.testsupport.RealServers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the portal's integration tests share: a client of the tests' real Elasticsearch, a fresh index made by the
 * service's own bootstrap (template, aliases) holding fixtures as index-service writes them, and a query file's
 * request sent to the read alias as a portal sends it (plain HTTP, not the Java client).
 */
final class PortalIndex {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PortalIndex() {}

    /** A client of the tests' node; the caller closes its transport. */
    static ElasticsearchClient client() {
        return client(Duration.ofSeconds(30));
    }

    /** A client of the tests' node whose requests may take up to {@code socketTimeout}; the caller closes it. */
    static ElasticsearchClient client(Duration socketTimeout) {
        return ElasticsearchClients.client(
                ElasticsearchClients.restClient(new ElasticsearchProperties(
                        List.of(URI.create(RealServers.elasticsearchUrl())),
                        null,
                        null,
                        Duration.ofSeconds(1),
                        socketTimeout,
                        null)),
                ElasticsearchClients.jsonpMapper());
    }

    /** Names of a new index, {@code prefix} and a random part, so test classes and runs never share one. */
    static IndexNames uniqueNames(String prefix) {
        return new IndexNames(
                prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT), 1);
    }

    /** A new index of the template holding {@code fixtures} (ids and documents as index-service makes them), refreshed. */
    static IndexNames create(ElasticsearchClient client, String prefix, List<PortalFixtures.Fixture> fixtures)
            throws IOException {
        IndexNames names = uniqueNames(prefix);
        new IndexBootstrap(client, names, IndexTemplate.load().forIndex(names, 0)).run();
        for (PortalFixtures.Fixture f : fixtures) {
            client.index(i ->
                    i.index(names.writeAlias()).id(f.id()).document(NoticeDocuments.of(f.notice(), Instant.now())));
        }
        client.indices().refresh(r -> r.index(names.writeAlias()));
        return names;
    }

    /**
     * Sends {@code body} to the tests' node as a portal or an operator would (plain HTTP, JSON); the answer must be
     * 200.
     */
    static String send(String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(RealServers.elasticsearchUrl() + path))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /**
     * The index as an older template {@code version} made it: today's template without {@code field}, and the index
     * with its aliases (what an in-place upgrade at start-up starts from).
     */
    static void createWithTheTemplateBefore(IndexNames names, int version, String field) throws Exception {
        var json = ElasticsearchClients.jsonpMapper().objectMapper();
        var template = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(IndexTemplate.load().forIndex(names, 0).toJson());
        template.put("version", version);
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        template.path("template").path("mappings").path("properties"))
                .remove(field);
        send("PUT", "/_index_template/" + names.template(), json.writeValueAsString(template));
        send(
                "PUT",
                "/" + names.index(),
                "{\"aliases\":{\"" + names.readAlias() + "\":{},\"" + names.writeAlias()
                        + "\":{\"is_write_index\":true}}}");
    }

    /** The fields the index's mapping has. */
    static List<String> mappedFields(ElasticsearchClient client, String index) throws IOException {
        return List.copyOf(client.indices()
                .getMapping(g -> g.index(index))
                .result()
                .get(index)
                .mappings()
                .properties()
                .keySet());
    }

    /** {@code body} sent to the read alias's {@code _search}; the answer must be 200. */
    static JsonNode search(IndexNames index, JsonNode body) throws Exception {
        return JSON.readTree(send("POST", "/" + index.readAlias() + "/_search", JSON.writeValueAsString(body)));
    }

    /** The ids of a search answer's hits, in order. */
    static List<String> ids(JsonNode result) {
        return StreamSupport.stream(result.at("/hits/hits").spliterator(), false)
                .map(h -> h.get("_id").asString())
                .toList();
    }

    /**
     * The related notices of a {@code more-like-this.json} answer, as a portal lists them: the hits but the shown
     * notice's (pinned first, it stands for the notice and its copies).
     */
    static List<String> related(JsonNode result, String shownId) {
        return ids(result).stream().filter(id -> !id.equals(shownId)).toList();
    }

    /** A collapsed hit's copies ({@code inner_hits} named {@code copies}), itself included. */
    static List<JsonNode> copies(JsonNode hit) {
        return StreamSupport.stream(hit.at("/inner_hits/copies/hits/hits").spliterator(), false)
                .toList();
    }

    /** The ids of a collapsed hit's other copies. */
    static List<String> otherCopies(JsonNode hit) {
        return copies(hit).stream()
                .map(c -> c.path("_id").asString())
                .filter(id -> !id.equals(hit.path("_id").asString()))
                .toList();
    }
}
