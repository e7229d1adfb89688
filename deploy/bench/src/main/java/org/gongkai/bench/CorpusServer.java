package org.gongkai.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the corpus on loopback, each site on its own address ({@code 127.0.0.<n+1>}, all of them loopback on
 * Linux) so that the crawler's per-host rules see one host per site. robots.txt allows everything and, once
 * {@link #crawlDelay} was set, asks for that delay between requests (how the end-to-end stage paces a crawler that
 * was started before the pace was known). Thread-safe: each site's requests are served by a small pool; the pages
 * are immutable.
 */
public final class CorpusServer implements AutoCloseable {

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<ExecutorService> pools = new ArrayList<>();
    private final List<String> bases = new ArrayList<>();
    private volatile String robots = "User-agent: *\nAllow: /\n";

    private CorpusServer() {}

    /** Starts one server per site; {@code firstHost} is the last octet of the first site's address. */
    public static CorpusServer start(List<Corpus.Site> sites, int firstHost) {
        // The JDK server otherwise waits for delayed ACKs (Nagle): ~40 ms per response (as CrawlBenchmark found).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        CorpusServer server = new CorpusServer();
        try {
            for (int s = 0; s < sites.size(); s++) {
                Corpus.Site site = sites.get(s);
                InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (firstHost + s)});
                HttpServer http = HttpServer.create(new InetSocketAddress(address, 0), 64);
                http.createContext("/", exchange -> server.serve(site, exchange));
                ExecutorService pool = Executors.newFixedThreadPool(2);
                http.setExecutor(pool);
                http.start();
                server.servers.add(http);
                server.pools.add(pool);
                server.bases.add("http://" + address.getHostAddress() + ":"
                        + http.getAddress().getPort());
            }
            return server;
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException("cannot serve the corpus on loopback", e);
        }
    }

    /** The base URL of site {@code s}, e.g. {@code http://127.0.0.2:41234}. */
    public String base(int s) {
        return bases.get(s);
    }

    /**
     * From now on robots.txt asks for {@code delay} between two requests ({@code Crawl-delay} in seconds, to the
     * millisecond). A crawler reads it on its first visit and keeps it (ingest-service: for {@code
     * robots.cache-ttl}, 12 h), so set it before the sites' first crawl.
     */
    public void crawlDelay(Duration delay) {
        robots = String.format(Locale.ROOT, "User-agent: *\nAllow: /\nCrawl-delay: %.3f\n", delay.toMillis() / 1000.0);
    }

    private void serve(Corpus.Site site, HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Corpus.Page page = path.equals("/robots.txt")
                    ? new Corpus.Page(robots.getBytes(StandardCharsets.US_ASCII), "text/plain")
                    : site.pages().get(path);
            if (page == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", page.contentType());
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, page.body().length);
            exchange.getResponseBody().write(page.body());
        }
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        pools.forEach(ExecutorService::shutdownNow);
    }
}
