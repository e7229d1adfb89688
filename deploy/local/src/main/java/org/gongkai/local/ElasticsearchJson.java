package org.gongkai.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain JSON over HTTP to one Elasticsearch node, the way the portal talks to it. Thread-safe. Failure semantics:
 * {@link #send} returns any HTTP status with its body; {@link #ok} throws {@link IllegalStateException} on a status
 * outside 2xx; both throw {@link UncheckedIOException} when the node cannot be reached.
 */
final class ElasticsearchJson {

    /** A response: status and parsed body ({@code MissingNode} when the body is empty). */
    record Response(int status, JsonNode body) {}

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ElasticsearchJson(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    String baseUrl() {
        return baseUrl;
    }

    Response send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofMinutes(2))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String text = response.body();
            JsonNode json = text == null || text.isBlank()
                    ? JSON.missingNode()
                    : text.startsWith("{") || text.startsWith("[")
                            ? JSON.readTree(text)
                            : JSON.getNodeFactory().stringNode(text);
            return new Response(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Elasticsearch at " + baseUrl + " does not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    Response send(String method, String path, String jsonBody) {
        return send(method, path, jsonBody, "application/json");
    }

    /** Sends and returns the body; throws when the status is not 2xx. */
    JsonNode ok(String method, String path, String jsonBody) {
        Response response = send(method, path, jsonBody);
        if (response.status() / 100 != 2) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }
}
