package org.gongkai.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few Elasticsearch calls the harness makes, over the JDK's HTTP client (thread-safe). */
final class Elastic {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    Elastic(String url) {
        this.url = url;
    }

    /** Sends a request; a body of {@code null} sends none. Returns the status and the body. */
    HttpResponse<String> send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofMinutes(2))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@link #send} with a body of bytes (a {@code _bulk} request read from disk). */
    HttpResponse<String> sendBytes(String method, String path, byte[] body, String contentType) {
        // a request of 500 large documents took over 2 minutes on the machine at load 50
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofMinutes(10))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    JsonNode json(String method, String path, String body) {
        return JSON.readTree(send(method, path, body, "application/json").body());
    }

    /** Indexing operations done on the index (or alias) so far, refreshed or not; 0 while it does not exist. */
    long indexTotal(String index) {
        HttpResponse<String> r = send("GET", "/" + index + "/_stats/indexing", null, null);
        return r.statusCode() != 200
                ? 0
                : JSON.readTree(r.body())
                        .path("_all")
                        .path("primaries")
                        .path("indexing")
                        .path("index_total")
                        .asLong();
    }
}
