package org.gongkai.ingest.fetch;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link HttpTransport} answering from a table, with no network at all; records every request it was asked
 * to send. Unknown URLs answer 404.
 */
public final class FakeTransport implements HttpTransport {

    public final List<HttpRequest> requests = new ArrayList<>();
    private final Map<URI, Response> responses = new HashMap<>();

    public FakeTransport respond(String url, int status, byte[] body, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.computeIfAbsent(headerPairs[i], k -> new ArrayList<>()).add(headerPairs[i + 1]);
        }
        responses.put(URI.create(url), new Response(status, HttpHeaders.of(headers, (a, b) -> true), body, false));
        return this;
    }

    public FakeTransport redirect(String from, int status, String location) {
        return respond(from, status, new byte[0], "Location", location);
    }

    @Override
    public Response exchange(HttpRequest request, long maxBodyBytes, Duration timeout) {
        requests.add(request);
        Response response = responses.get(request.uri());
        if (response == null) {
            return new Response(404, HttpHeaders.of(Map.of(), (a, b) -> true), new byte[0], false);
        }
        if (response.body().length > maxBodyBytes) {
            byte[] cut = java.util.Arrays.copyOf(response.body(), (int) maxBodyBytes);
            return new Response(response.status(), response.headers(), cut, true);
        }
        return response;
    }

    public List<URI> requestedUris() {
        return requests.stream().map(HttpRequest::uri).toList();
    }
}
