package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.gongkai.events.NoticeIds;
import org.gongkai.local.Services.Service;
import org.gongkai.servers.ChildProcess;
import org.gongkai.servers.Ports;
import org.gongkai.testsupport.RealServers;
import tools.jackson.databind.JsonNode;

/**
 * What the end-to-end tests that crawl their own loopback portal through the real services share: the portal, the
 * site list naming it, the services from their built jars on the shared test servers (each on a free port, in the
 * order started, all awaited ready), their log tails for failure messages, and the clean-up of the documents a test
 * indexed (the servers are shared with the other end-to-end tests in this JVM).
 *
 * <p>Not thread-safe: a test class's {@code @BeforeAll} and {@code @AfterAll} drive it.
 */
final class E2eRun {

    private final Path repo;
    private final Path dir;
    private final HttpServer portal;
    private final Map<Service, ChildProcess> processes = new EnumMap<>(Service.class);
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final List<Service> order = new ArrayList<>();
    private Services.Wiring wiring;

    private E2eRun(Path repo, Path dir, HttpServer portal) {
        this.repo = repo;
        this.dir = dir;
        this.portal = portal;
    }

    /** The repository root: the build sets {@code gongkai.repo}; from deploy/local it is two levels up. */
    static Path repo() {
        return Path.of(System.getProperty("gongkai.repo", "../.."))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Starts a portal on loopback (any free port) whose every exchange {@code routes} answers, and writes a site list
     * with one site crawling its {@code /list.html}; no service runs yet.
     */
    static E2eRun withPortal(Path dir, String siteId, String siteName, HttpHandler routes) throws IOException {
        return withPortal(dir, routes, base -> """
                      - id: %s
                        name: %s
                        list-urls: [ "%s/list.html" ]
                        allowed-networks: [127.0.0.0/8]
                """.formatted(siteId, siteName, base));
    }

    /**
     * Starts a portal on loopback (any free port) whose every exchange {@code routes} answers, and writes a site list
     * whose entries (YAML list elements under {@code gongkai.ingest.sites}, indented by 6) {@code sites} writes for
     * the portal's base URL; no service runs yet.
     */
    static E2eRun withPortal(Path dir, HttpHandler routes, java.util.function.UnaryOperator<String> sites)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                routes.handle(exchange);
            }
        });
        server.start();
        E2eRun run = new E2eRun(repo(), dir, server);
        Path siteList = dir.resolve("sites.yml");
        Files.writeString(siteList, """
                gongkai:
                  ingest:
                    sites:
                """ + sites.apply(run.base()));
        run.wiring = new Services.Wiring(RealServers.kafkaBootstrapServers(), RealServers.elasticsearchUrl(), siteList);
        return run;
    }

    Path repoRoot() {
        return repo;
    }

    Services.Wiring wiring() {
        return wiring;
    }

    /** Where the services log: {@code <dir>/logs/<module>.log}. */
    Path logs() {
        return dir.resolve("logs");
    }

    /** The portal's base URL, e.g. {@code http://127.0.0.1:40123}. */
    String base() {
        return "http://127.0.0.1:" + portal.getAddress().getPort();
    }

    /** Starts a service on a free port with extra arguments; {@link #awaitReady()} waits for it. */
    ChildProcess start(Service service, List<String> args) {
        int port = Ports.freePort();
        ChildProcess process = Services.start(repo, service, port, wiring, logs(), args);
        processes.put(service, process);
        ports.put(service, port);
        order.add(service);
        return process;
    }

    /** Waits (up to 3 minutes each) until every service started is ready, in the order started. */
    void awaitReady() {
        order.forEach(
                service -> Services.awaitReady(processes.get(service), ports.get(service), Duration.ofSeconds(180)));
    }

    ChildProcess process(Service service) {
        return processes.get(service);
    }

    /** The log tails of the services, for failure messages. */
    String logTails() {
        StringBuilder out = new StringBuilder();
        order.forEach(s -> out.append(processes.get(s).logTail()).append('\n'));
        return out.toString();
    }

    /** The one document indexed for {@code url}, waited for up to 4 minutes; its {@code _source}. */
    JsonNode awaitIndexed(String url) {
        String id = NoticeIds.fromUrl(url);
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode hits = NoticeSearch.search("{\"query\":{\"ids\":{\"values\":[\"" + id + "\"]}}}")
                            .path("hits")
                            .path("hits");
                    assertThat(hits.size())
                            .as("%s indexed\n%s", url, logTails())
                            .isEqualTo(1);
                    found[0] = hits.get(0).path("_source");
                });
        return found[0];
    }

    /**
     * Stops the services, deletes the documents of {@code urls} from the write alias (other end-to-end tests in this
     * JVM search all sites) and stops the portal.
     */
    void stop(List<String> urls) throws Exception {
        processes.values().forEach(ChildProcess::stop);
        try {
            HttpClient http = HttpClient.newHttpClient();
            for (String url : urls) {
                HttpResponse<String> deleted = http.send(
                        HttpRequest.newBuilder(URI.create(RealServers.elasticsearchUrl() + "/notices-write/_doc/"
                                        + NoticeIds.fromUrl(url) + "?refresh=true"))
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 404);
            }
        } finally {
            portal.stop(0);
        }
    }

    /** Answers 200 with {@code body} in UTF-8. */
    static void respond(HttpExchange exchange, String contentType, String body) throws IOException {
        respond(exchange, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers 200 with {@code body} as it is (a test of charsets sends bytes its header contradicts). */
    static void respond(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }
}
