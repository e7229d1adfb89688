package org.gongkai.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A small HTTP proxy on 127.0.0.1 in front of the test Elasticsearch that can misbehave on {@code _bulk}:
 *
 * <ul>
 *   <li>{@link #rejectItems}: items of chosen documents are taken out of the request before it is forwarded and
 *       answered with an item-level 429 ({@code es_rejected_execution_exception}), the first {@code times} times
 *       each document is seen, exactly as a node with a full write queue answers;
 *   <li>{@link #delayBulks}: every bulk response is delayed, a slow cluster;
 *   <li>{@link #holdResponsesFrom}: from the n-th bulk request on, the first half of the request's items is
 *       forwarded (Elasticsearch applies them) and no response is ever returned, to kill the client between bulk
 *       and commit.
 * </ul>
 *
 * Everything else is forwarded unchanged.
 */
public final class ElasticsearchProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NOT_FORWARDED =
            Set.of("connection", "content-length", "host", "expect", "upgrade", "transfer-encoding", "accept-encoding");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private volatile Predicate<String> rejected = id -> false;
    private volatile int rejectTimes;
    private final Map<String, AtomicInteger> rejections = new ConcurrentHashMap<>();
    private final AtomicInteger injected = new AtomicInteger();

    private final AtomicInteger bulks = new AtomicInteger();
    private volatile int holdFrom = Integer.MAX_VALUE;
    private volatile Duration delay = Duration.ZERO;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    public ElasticsearchProxy(String targetUrl) throws IOException {
        this.target = URI.create(targetUrl);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers 429 for the items of documents matching {@code ids}, the first {@code times} times each is sent. */
    public void rejectItems(Predicate<String> ids, int times) {
        this.rejectTimes = times;
        this.rejected = ids;
    }

    /** Item-level 429s injected so far. */
    public int injected() {
        return injected.get();
    }

    /** How often the items of {@code id} were rejected. */
    public int rejections(String id) {
        AtomicInteger n = rejections.get(id);
        return n == null ? 0 : n.get();
    }

    /** Delays every bulk response by {@code delay}: a slow cluster. */
    public void delayBulks(Duration delay) {
        this.delay = delay;
    }

    /** Forwards half of the {@code n}-th (from 1) and later bulk requests and never answers them. */
    public void holdResponsesFrom(int n) {
        holdFrom = n;
    }

    /** Waits until a bulk response is being held. */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
        return held.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            boolean bulk = path.endsWith("/_bulk") && "POST".equals(exchange.getRequestMethod());
            if (bulk) {
                handleBulk(exchange, body);
            } else {
                HttpResponse<byte[]> response = forward(exchange, body);
                reply(exchange, response, response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handleBulk(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        int number = bulks.incrementAndGet();
        List<Item> items = parse(body);
        String path = exchange.getRequestURI().getRawPath();
        String pathIndex =
                path.length() > "/_bulk".length() ? path.substring(1, path.length() - "/_bulk".length()) : "";
        List<Item> forwarded = new ArrayList<>();
        for (Item item : items) {
            if (rejected.test(item.id)
                    && rejections
                                    .computeIfAbsent(item.id, k -> new AtomicInteger())
                                    .getAndIncrement()
                            < rejectTimes) {
                item.rejected = true;
                injected.incrementAndGet();
            } else {
                forwarded.add(item);
            }
        }
        ArrayNode forwardedResults = JSON.createArrayNode();
        HttpResponse<byte[]> response = null;
        boolean hold = number >= holdFrom;
        if (hold) {
            // half the request reaches Elasticsearch, as when a node dies mid-bulk; the client never hears back
            forwarded = forwarded.subList(0, forwarded.size() / 2);
        }
        if (!forwarded.isEmpty()) {
            StringBuilder ndjson = new StringBuilder();
            for (Item item : forwarded) {
                ndjson.append(item.action).append('\n');
                if (item.source != null) {
                    ndjson.append(item.source).append('\n');
                }
            }
            response = forward(exchange, ndjson.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (hold) {
            held.countDown();
            release.await(); // never answered: the client is killed meanwhile
            return;
        }
        if (!delay.isZero()) {
            release.await(delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        if (response != null) {
            if (response.statusCode() != 200) {
                reply(exchange, response, response.body());
                return;
            }
            forwardedResults = (ArrayNode) JSON.readTree(response.body()).path("items");
        }
        ArrayNode results = JSON.createArrayNode();
        int next = 0;
        boolean errors = false;
        for (Item item : items) {
            if (item.rejected) {
                ObjectNode result = JSON.createObjectNode();
                ObjectNode inner = result.putObject(item.op);
                inner.put("_index", item.index.isEmpty() ? pathIndex : item.index);
                inner.put("_id", item.id);
                inner.put("status", 429);
                ObjectNode error = inner.putObject("error");
                error.put("type", "es_rejected_execution_exception");
                error.put("reason", "rejected execution (injected by the test proxy): write queue full");
                results.add(result);
                errors = true;
            } else {
                JsonNode result = forwardedResults.get(next++);
                errors |= result.elements().next().has("error");
                results.add(result);
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("took", 1);
        answer.put("errors", errors);
        answer.set("items", results);
        byte[] bytes = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-elastic-product", "Elasticsearch");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void reply(HttpExchange exchange, HttpResponse<byte[]> response, byte[] body) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        boolean empty = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static List<Item> parse(byte[] body) throws IOException {
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode action = JSON.readTree(lines[i]);
            String op = action.fieldNames().next();
            JsonNode meta = action.path(op);
            String source = "delete".equals(op) ? null : lines[++i];
            items.add(new Item(
                    op,
                    meta.path("_id").asText(),
                    meta.path("_index").asText(""),
                    lines[i - (source == null ? 0 : 1)],
                    source));
        }
        return items;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private static final class Item {
        final String op;
        final String id;
        final String index;
        final String action;
        final String source;
        boolean rejected;

        Item(String op, String id, String index, String action, String source) {
            this.op = op;
            this.id = id;
            this.index = index;
            this.action = action;
            this.source = source;
        }
    }
}
