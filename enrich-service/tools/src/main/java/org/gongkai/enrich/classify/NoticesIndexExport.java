package org.gongkai.enrich.classify;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Exports the Elasticsearch {@code notices} alias (index-service's documents) as training JSONL: pages through the
 * documents that have a {@code subjectCategory} with {@code search_after}, reading {@code noticeId}, {@code title},
 * {@code body}, {@code attachments.text} and {@code subjectCategory} from {@code _source}. Plain HTTP
 * ({@code java.net.http}), optional basic authentication.
 *
 * <p>Sort order is {@code noticeId} (a keyword, one document per notice), not {@code _doc}: {@code _doc} values are
 * per shard, so {@code search_after} over them is only exact for a single shard, while a unique keyword pages exactly
 * over any number of shards and indices behind the alias. The index holds one version per notice (the latest), so
 * no de-duplication is needed. Documents written while the export runs may or may not be included.
 *
 * <p>Single-threaded; an HTTP status other than 200 fails with an {@link IOException} carrying the answer.
 */
public final class NoticesIndexExport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI baseUrl;
    private final String index;
    private final String authorization;
    private final int pageSize;
    private final HttpClient http;

    /**
     * @param baseUrl   Elasticsearch URL, e.g. {@code http://localhost:9200}
     * @param index     index or alias, normally {@code notices}
     * @param username  basic-auth user, {@code null} for none
     * @param password  basic-auth password
     * @param pageSize  documents per request
     */
    public NoticesIndexExport(String baseUrl, String index, String username, String password, int pageSize) {
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.index = index;
        this.authorization = username == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.pageSize = pageSize;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Reads all documents with a declared category and writes one line per labelled notice. */
    public CrawlCorpus.Stats export(CrawlCorpus corpus, Writer out) throws IOException, InterruptedException {
        int notices = 0;
        int labelled = 0;
        JsonNode after = null;
        while (true) {
            JsonNode hits = search(after).path("hits").path("hits");
            if (hits.isEmpty()) {
                break;
            }
            for (JsonNode hit : hits) {
                notices++;
                JsonNode source = hit.path("_source");
                List<String> attachments = new ArrayList<>();
                JsonNode list = source.path("attachments");
                for (JsonNode attachment :
                        list.isArray() ? list : JSON.createArrayNode().add(list)) {
                    String text = attachment.path("text").asString(null);
                    if (text != null) {
                        attachments.add(text);
                    }
                }
                String line = corpus.line(
                        source.path("noticeId").asString(hit.path("_id").asString()),
                        source.path("title").asString(""),
                        source.path("body").asString(""),
                        attachments,
                        source.path("subjectCategory").asString(null));
                if (line != null) {
                    out.write(line);
                    out.write('\n');
                    labelled++;
                }
                after = hit.path("sort");
            }
        }
        out.flush();
        return new CrawlCorpus.Stats(notices, labelled, notices - labelled);
    }

    private JsonNode search(JsonNode after) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("size", pageSize);
        request.putObject("query").putObject("exists").put("field", "subjectCategory");
        request.putArray("sort").add("noticeId");
        ArrayNode source = request.putArray("_source");
        source.add("noticeId").add("title").add("body").add("attachments.text").add("subjectCategory");
        if (after != null) {
            request.set("search_after", after);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(index + "/_search"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpResponse<String> response =
                http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("search on " + index + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
