package org.gongkai.search.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read alias of the notices index, searched with request bodies built by the portal-query library. Thread-safe
 * (the REST client is). Failures: an answer other than 200, or none, is a {@link SearchUnavailableException}
 * carrying Elasticsearch's status and error type; nothing is retried here (a portal user retries by reloading).
 */
public class NoticeIndex {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient client;
    private final String alias;

    public NoticeIndex(RestClient client, String alias) {
        this.client = client;
        this.alias = alias;
    }

    /** {@code POST /<alias>/_search} with {@code body}; the parsed answer. */
    public JsonNode search(ObjectNode body) {
        Request request = new Request("POST", "/" + alias + "/_search");
        request.setEntity(new NByteArrayEntity(JSON.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
        return perform(request);
    }

    /** {@code GET /<alias>/_count} within {@code timeout}: the number of notices, for the health check. */
    public long count(Duration timeout) {
        Request request = new Request("GET", "/" + alias + "/_count");
        int millis = (int) timeout.toMillis();
        request.setOptions(RequestOptions.DEFAULT.toBuilder()
                .setRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(millis)
                        .setConnectionRequestTimeout(millis)
                        .setSocketTimeout(millis)
                        .build()));
        return perform(request).path("count").asLong();
    }

    public String alias() {
        return alias;
    }

    private JsonNode perform(Request request) {
        try {
            Response response = client.performRequest(request);
            try (InputStream in = response.getEntity().getContent()) {
                return JSON.readTree(in);
            }
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            throw new SearchUnavailableException(status, errorType(e), e);
        } catch (IOException e) {
            throw new SearchUnavailableException(-1, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String errorType(ResponseException e) {
        try (InputStream in = e.getResponse().getEntity().getContent()) {
            JsonNode error = JSON.readTree(in).path("error");
            return error.path("type").asString("unknown") + ": "
                    + error.path("reason").asString("");
        } catch (IOException | RuntimeException ignored) {
            return "unreadable error";
        }
    }
}
