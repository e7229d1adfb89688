package org.gongkai.local.faultrun;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault run's disclosure portal on loopback: sequence-numbered notice pages with real notice text
 * ({@code /work/shared/data/real-notices}, cycled), one list page newest first, revisions (an update changes the
 * page and its 索引号 {@code FI-<seq>-r<rev>}), removals (404 and gone from the list), and a fault mode that answers
 * every request with 500 or 429 for a while.
 *
 * <p>Thread-safe: the HTTP server's threads read, the run's thread mutates.
 */
final class FaultPortal implements AutoCloseable {

    /** What the portal answers while a fault is on. */
    enum Fault {
        NONE,
        ERROR_500,
        TOO_MANY_429
    }

    /** A real notice's text. */
    record Text(String title, String body, String publisher) {}

    /** The live revision of each notice; absent = removed (or never published). */
    private final NavigableMap<Integer, Integer> live = new ConcurrentSkipListMap<>();

    private final List<Integer> removed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Text> texts;
    private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
    private final AtomicLong faultAnswers = new AtomicLong();
    private final HttpServer server;

    FaultPortal(List<Text> texts) {
        this.texts = texts;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Real notice texts from the shared data set (title, body, publisher), at most {@code max}. */
    static List<Text> realTexts(Path jsonl, int max) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Text> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            JsonNode n = json.readTree(line);
            String title = n.path("title").asString("");
            String body = n.path("body").asString("");
            if (title.isBlank() || body.length() < 40) {
                continue;
            }
            // bodies capped so a long run stays light on the shared machine; the text is real either way
            out.add(new Text(
                    title,
                    body.length() > 4000 ? body.substring(0, 4000) : body,
                    n.path("publisher").asString("国务院办公厅")));
            if (out.size() == max) {
                break;
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no notice texts in " + jsonl);
        }
        return out;
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String listUrl() {
        return base() + "/xxgk/index.html";
    }

    static String path(int seq) {
        return "/xxgk/t" + String.format("%06d", seq) + ".html";
    }

    String url(int seq) {
        return base() + path(seq);
    }

    /** Publishes notice {@code seq} at revision 1. */
    void publish(int seq) {
        live.put(seq, 1);
    }

    /** Changes a live notice: its next revision. */
    void update(int seq) {
        live.computeIfPresent(seq, (k, rev) -> rev + 1);
    }

    /** Removes a live notice: 404 from now on, gone from the list. */
    void remove(int seq) {
        if (live.remove(seq) != null) {
            removed.add(seq);
        }
    }

    Map<Integer, Integer> live() {
        return Map.copyOf(live);
    }

    List<Integer> removed() {
        return List.copyOf(removed);
    }

    void fault(Fault mode) {
        fault.set(mode);
    }

    long faultAnswers() {
        return faultAnswers.get();
    }

    /** The 索引号 of a notice's revision, the field the final check reads back from the index. */
    static String indexNumber(int seq, int rev) {
        return String.format("FI-%06d-r%d", seq, rev);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Fault mode = fault.get();
            if (mode != Fault.NONE) {
                faultAnswers.incrementAndGet();
                if (mode == Fault.TOO_MANY_429) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                }
                exchange.sendResponseHeaders(mode == Fault.ERROR_500 ? 500 : 429, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/robots.txt")) {
                respond(exchange, "text/plain", "User-agent: *\nAllow: /\n");
            } else if (path.equals("/xxgk/index.html")) {
                respond(exchange, "text/html; charset=utf-8", listPage());
            } else if (path.matches("/xxgk/t\\d{6}\\.html")) {
                int seq = Integer.parseInt(path.substring(7, 13));
                Integer rev = live.get(seq);
                if (rev == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    respond(exchange, "text/html; charset=utf-8", page(seq, rev));
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private String listPage() {
        StringBuilder html =
                new StringBuilder("<html><head><meta charset=\"utf-8\"><title>政府信息公开目录</title></head><body><ul>\n");
        for (int seq : live.descendingKeySet()) {
            html.append("<li><a href=\"")
                    .append(path(seq))
                    .append("\">")
                    .append(escape(text(seq).title()))
                    .append("</a></li>\n");
        }
        return html.append("</ul></body></html>").toString();
    }

    Text text(int seq) {
        return texts.get(seq % texts.size());
    }

    private String page(int seq, int rev) {
        Text text = text(seq);
        StringBuilder body = new StringBuilder();
        for (String line : text.body().split("\n")) {
            if (!line.isBlank()) {
                body.append("<p>").append(escape(line)).append("</p>\n");
            }
        }
        body.append("<p>（本文第").append(rev).append("次修订。）</p>");
        return """
                <html><head><meta charset="utf-8"><title>%s</title></head><body>
                <table><tr><td>索引号：</td><td>%s</td><td>发布机构：</td><td>%s</td></tr>
                <tr><td>成文日期：</td><td>2020-04-03</td><td>有效性：</td><td>有效</td></tr></table>
                <div class="TRS_Editor">%s</div>
                </body></html>""".formatted(escape(text.title()), indexNumber(seq, rev), escape(text.publisher()), body);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void respond(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
