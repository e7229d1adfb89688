package org.gongkai.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.gongkai.ingest.fetch.HostResolver;

/**
 * Many test portals on one loopback HTTP server, told apart by the {@code Host} header: each host name has its
 * own pages ({@link #on}), so politeness and faults apply per host as on the real web while every connection stays
 * on 127.0.0.1 ({@link #resolver()} maps every {@code *.test} name there). Pages can be plain, redirects, dripping,
 * gzip bombs or held until released. Counts hits per host and path. Thread-safe.
 */
public final class PortalFarm implements AutoCloseable {

    /** What a path answers. */
    @FunctionalInterface
    public interface Page {
        void serve(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "portal-farm");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public PortalFarm() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Maps every {@code *.test} host name to 127.0.0.1; anything else does not resolve. */
    public static HostResolver resolver() {
        return host -> {
            if (!host.toLowerCase(Locale.ROOT).endsWith(".test")) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        };
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL of a path on a host of the farm. */
    public String url(String host, String path) {
        return "http://" + host + ":" + port() + path;
    }

    public PortalFarm on(String host, String path, Page page) {
        pages.put(host.toLowerCase(Locale.ROOT) + path, page);
        return this;
    }

    /** Requests of a path of a host so far. */
    public int hits(String host, String path) {
        AtomicInteger n = hits.get(host.toLowerCase(Locale.ROOT) + path);
        return n == null ? 0 : n.get();
    }

    /** Requests over all hosts and paths so far. */
    public int totalHits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            host = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
            String key = host + URI.create(exchange.getRequestURI().toString()).getRawPath();
            hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            Page page = pages.get(key);
            if (page == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            page.serve(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away (timeouts, cut bodies): nothing to do.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // --- pages ---

    public static Page html(String html) {
        return bytes("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    public static Page bytes(String contentType, byte[] body) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        };
    }

    public static Page redirect(String location) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        };
    }

    /** A page whose bytes come {@code every} apart, one at a time ({@code 1 byte per interval}). */
    public static Page drip(String html, Duration every) {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            for (byte b : body) {
                out.write(b);
                out.flush();
                TimeUnit.NANOSECONDS.sleep(every.toNanos());
            }
        };
    }

    /** A page served in full after {@code delay} (a slow portal). */
    public static Page slow(String html, Duration delay) {
        Page page = html(html);
        return exchange -> {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
            page.serve(exchange);
        };
    }

    /** {@code decodedBytes} of zeros, gzip-compressed (a decompression bomb). */
    public static Page gzipBomb(int decodedBytes) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1 << 16];
            for (int left = decodedBytes; left > 0; left -= zeros.length) {
                gzip.write(zeros, 0, Math.min(left, zeros.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = compressed.toByteArray();
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        };
    }

    /** Answers only once {@code release} is counted down (or after a minute). */
    public static Page held(CountDownLatch release, Page then) {
        return exchange -> {
            release.await(1, TimeUnit.MINUTES);
            then.serve(exchange);
        };
    }

    /** A notice page (recognised by its metadata table) with the given index number and text. */
    public static String notice(String indexNumber, String text) {
        return "<html><head><meta charset=\"utf-8\"><title>" + indexNumber + "</title></head><body><table><tr>"
                + "<td>索引号：</td><td>" + indexNumber + "</td><td>发布机构：</td><td>东湖区人民政府办公室</td></tr>"
                + "<tr><td>成文日期：</td><td>2023-11-20</td><td>主题分类：</td><td>综合政务</td></tr></table>"
                + "<div class=\"TRS_Editor\"><p>" + text + "</p></div></body></html>";
    }

    /** A list page linking {@code links} (paths), with a "下一页" link to {@code next} when not null. */
    public static String list(List<String> links, String next) {
        StringBuilder html = new StringBuilder("<html><head><meta charset=\"utf-8\"></head><body><ul>");
        for (int i = 0; i < links.size(); i++) {
            html.append("<li><a href=\"")
                    .append(links.get(i))
                    .append("\">通知")
                    .append(i)
                    .append("</a></li>");
        }
        html.append("</ul>");
        if (next != null) {
            html.append("<a href=\"").append(next).append("\">下一页</a>");
        }
        return html.append("</body></html>").toString();
    }

    /** Bytes of a page in a charset. */
    public static byte[] encoded(String text, Charset charset) {
        return text.getBytes(charset);
    }
}
