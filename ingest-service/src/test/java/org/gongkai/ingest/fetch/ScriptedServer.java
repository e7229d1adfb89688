package org.gongkai.ingest.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An HTTP server on 127.0.0.1 answering each path from a script of responses (the last one repeats), or as a page
 * with validators that answers conditional requests ({@link #onValidated}), recording when each request arrived
 * with its headers. Unknown paths answer 404.
 */
public final class ScriptedServer implements AutoCloseable {

    /** One scripted answer. */
    public record Answer(int status, byte[] body, Map<String, String> headers) {

        public static Answer of(int status, String body, String... headerPairs) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (int i = 0; i < headerPairs.length; i += 2) {
                headers.put(headerPairs[i], headerPairs[i + 1]);
            }
            return new Answer(status, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        /** A 200 {@code text/html} page in UTF-8 (a {@code meta charset}) with this body. */
        public static Answer html(String body) {
            return of(
                    200,
                    "<html><head><meta charset=\"utf-8\"></head><body>" + body + "</body></html>",
                    "Content-Type",
                    "text/html");
        }
    }

    /** A request as received. */
    public record Hit(String path, long nanoTime, Map<String, List<String>> headers) {}

    private final HttpServer server;
    private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
    private final Map<String, Answer> validated = new ConcurrentHashMap<>();
    public final List<Hit> hits = new CopyOnWriteArrayList<>();

    public ScriptedServer() {
        this(InetAddress.getLoopbackAddress());
    }

    /** A server on another loopback address (e.g. 127.0.0.2: another host for the crawler's per-host state). */
    public ScriptedServer(InetAddress loopback) {
        if (!loopback.isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback only: " + loopback);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::serve);
        server.start();
    }

    /** Scripts the answers of a path, in order; the last one repeats. */
    public ScriptedServer on(String path, Answer... answers) {
        validated.remove(path);
        script.put(path, new ArrayDeque<>(List.of(answers)));
        return this;
    }

    /**
     * Serves an HTML page with an {@code ETag} and a {@code Last-Modified} (either may be null) as a web server
     * does: 304 without a body to a request whose {@code If-None-Match} names the ETag or, without one, whose
     * {@code If-Modified-Since} equals the Last-Modified; 200 with the page otherwise. Calling it again changes the
     * page (and its validators).
     */
    public ScriptedServer onValidated(String path, String etag, String lastModified, String html) {
        return onValidated(path, "text/html; charset=utf-8", etag, lastModified, html);
    }

    /** As {@link #onValidated(String, String, String, String)}, a body of another type (a sitemap, a feed). */
    public ScriptedServer onValidated(String path, String contentType, String etag, String lastModified, String body) {
        List<String> headers = new java.util.ArrayList<>(List.of("Content-Type", contentType));
        if (etag != null) {
            headers.addAll(List.of("ETag", etag));
        }
        if (lastModified != null) {
            headers.addAll(List.of("Last-Modified", lastModified));
        }
        script.remove(path);
        validated.put(path, Answer.of(200, body, headers.toArray(String[]::new)));
        return this;
    }

    public URI uri(String path) {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + path);
    }

    public List<Hit> hits(String path) {
        return hits.stream().filter(h -> h.path().equals(path)).toList();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String bare = exchange.getRequestURI().getPath();
            // a path scripted with its query ("/list?page=2") answers that query only
            String path = query != null
                            && (script.containsKey(bare + "?" + query) || validated.containsKey(bare + "?" + query))
                    ? bare + "?" + query
                    : bare;
            hits.add(new Hit(path, System.nanoTime(), Map.copyOf(exchange.getRequestHeaders())));
            Deque<Answer> answers = script.get(path);
            Answer page = validated.get(path);
            Answer answer;
            if (page != null) {
                answer = notModified(page, exchange) ? new Answer(304, new byte[0], validatorsOf(page)) : page;
            } else if (answers == null) {
                answer = Answer.of(404, "");
            } else {
                synchronized (answers) {
                    answer = answers.size() > 1 ? answers.poll() : answers.peek();
                }
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                exchange.getResponseBody().write(answer.body());
            }
        }
    }

    private static boolean notModified(Answer page, HttpExchange exchange) {
        String etag = page.headers().get("ETag");
        String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
        if (ifNoneMatch != null) {
            return etag != null && ifNoneMatch.equals(etag);
        }
        String lastModified = page.headers().get("Last-Modified");
        String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
        return lastModified != null && lastModified.equals(ifModifiedSince);
    }

    private static Map<String, String> validatorsOf(Answer page) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(page.headers());
        headers.remove("Content-Type");
        return headers;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
