package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.url.AllowedNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The pinned transport against servers on 127.0.0.x: requests go by host name to the address the guard vetted,
 * and a DNS answer that changes after the check (rebinding) cannot move the connection. No connection leaves
 * loopback: where a test needs a public-looking vetted address, a socket factory records the address asked for
 * and connects to the loopback server instead.
 */
class PinnedHttpTransportTest {

    private static final AllowedNetworks LOOPBACK = AllowedNetworks.of(java.util.List.of("127.0.0.0/8"));

    private static final int MIB = 1024 * 1024;

    /** A request as the server saw it. */
    record Seen(String path, String host, int remotePort) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private HttpServer server;
    private ExecutorService executor;
    private PinnedHttpTransport transport;

    @BeforeEach
    void start() throws IOException {
        server = server(InetAddress.getByName("127.0.0.1"), 0, seen);
        transport = new PinnedHttpTransport(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        release.countDown();
        transport.close();
        server.stop(0);
        executor.shutdownNow();
    }

    private HttpServer server(InetAddress address, int port, List<Seen> log) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 0);
        executor = executor == null ? Executors.newCachedThreadPool() : executor;
        http.setExecutor(executor);
        http.createContext("/", exchange -> serve(exchange, log));
        http.start();
        return http;
    }

    private void serve(HttpExchange exchange, List<Seen> log) throws IOException {
        try (exchange) {
            log.add(new Seen(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Host"),
                    exchange.getRemoteAddress().getPort()));
            switch (exchange.getRequestURI().getPath()) {
                case "/huge" -> {
                    exchange.sendResponseHeaders(200, 50L * MIB);
                    byte[] chunk = new byte[64 * 1024];
                    OutputStream out = exchange.getResponseBody();
                    for (int i = 0; i < 50 * 16; i++) {
                        out.write(chunk);
                    }
                }
                case "/stall" -> {
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().write("<html>".getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    release.await(20, TimeUnit.SECONDS);
                }
                case "/moved" -> {
                    exchange.getResponseHeaders().set("Location", "/page");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/gzip" -> {
                    byte[] body = gzip("<html>压缩的页面</html>".getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                default -> {
                    byte[] body = "<html>索引号</html>".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    exchange.getResponseHeaders().add("X-Multi", "a");
                    exchange.getResponseHeaders().add("X-Multi", "b");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away (cap, deadline): expected
        }
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private HttpFetcher fetcher(HttpTransport transport, HostResolver resolver) {
        return new HttpFetcher(
                transport,
                new AddressGuard(resolver),
                new MinDelayPoliteness(Duration.ZERO),
                TestConfigs.fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), DataSize.ofMegabytes(10), 5),
                "Gongkai/test",
                meters,
                Clock.systemUTC());
    }

    private static HttpRequest get(String url, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("User-Agent", "Gongkai/test")
                .timeout(timeout)
                .build();
    }

    @Test
    void theRequestGoesByNameToTheVettedAddress() throws Exception {
        FakeResolver resolver = new FakeResolver().map("portal.test", "127.0.0.1");

        FetchResult result =
                fetcher(transport, resolver).fetch(URI.create("http://portal.test:" + port() + "/p"), LOOPBACK);

        assertThat(result.status()).isEqualTo(200);
        assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("<html>索引号</html>");
        assertThat(result.headers().allValues("x-multi")).containsExactly("a", "b");
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("/p");
            assertThat(s.host()).isEqualTo("portal.test:" + port());
        });
        assertThat(resolver.lookups).containsExactly("portal.test");
    }

    @Test
    void aRebindingAnswerCannotMoveTheConnection() throws Exception {
        // The guard's lookup gets 127.0.0.1; any later lookup would get 127.0.0.2, where a second server listens
        // on the same port. Both are loopback, so the site allows them; what matters is which one is asked.
        List<Seen> rebound = new CopyOnWriteArrayList<>();
        HttpServer other = server(InetAddress.getByName("127.0.0.2"), port(), rebound);
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> List.of(InetAddress.getByAddress(host, new byte[] {
            127, 0, 0, (byte) (lookups.incrementAndGet() == 1 ? 1 : 2)
        }));
        try {
            FetchResult result =
                    fetcher(transport, rebinding).fetch(URI.create("http://rebind.test:" + port() + "/p"), LOOPBACK);

            assertThat(result.status()).isEqualTo(200);
            assertThat(seen).extracting(Seen::host).containsExactly("rebind.test:" + port());
            assertThat(rebound).isEmpty();
            assertThat(lookups).hasValue(1);
        } finally {
            other.stop(0);
        }
    }

    @Test
    void aPublicAnswerThenAPrivateOneConnectsOnlyToTheVettedPublicAddress() throws Exception {
        // First answer public (passes the guard), second 10.0.0.1. The socket factory records where each connection
        // is asked to go and connects to the loopback server instead: no packet leaves the machine.
        List<SocketAddress> connects = new CopyOnWriteArrayList<>();
        int loopbackPort = port();
        DetachedSocketFactory toLoopback = new DetachedSocketFactory() {
            @Override
            public Socket create(Proxy proxy) {
                return new Socket() {
                    @Override
                    public void connect(SocketAddress endpoint, int timeout) throws IOException {
                        connects.add(endpoint);
                        super.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), loopbackPort), timeout);
                    }
                };
            }
        };
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding =
                host -> List.of(InetAddress.getByName(lookups.incrementAndGet() == 1 ? "93.184.216.34" : "10.0.0.1"));
        try (PinnedHttpTransport pinned = new PinnedHttpTransport(Duration.ofSeconds(2), toLoopback, null)) {
            FetchResult result =
                    fetcher(pinned, rebinding).fetch(URI.create("http://rebind.test/p"), AllowedNetworks.NONE);

            assertThat(result.status()).isEqualTo(200);
            assertThat(connects).containsExactly(new InetSocketAddress(InetAddress.getByName("93.184.216.34"), 80));
            assertThat(seen).extracting(Seen::host).containsExactly("rebind.test");
            assertThat(lookups).hasValue(1);
        }
    }

    @Test
    void withoutVettedAddressesNothingIsSent() {
        assertThatThrownBy(() -> transport.exchange(
                        get("http://127.0.0.1:" + port() + "/p", Duration.ofSeconds(2)), 1024, Duration.ofSeconds(2)))
                .isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> transport.exchange(
                        get("http://127.0.0.1:" + port() + "/p", Duration.ofSeconds(2)),
                        List.of(),
                        1024,
                        Duration.ofSeconds(2)))
                .isInstanceOf(UnknownHostException.class);
        assertThat(seen).isEmpty();
    }

    @Test
    void keptAliveConnectionsAreReusedForTheSameNameAndAddress() throws Exception {
        FakeResolver resolver = new FakeResolver().map("portal.test", "127.0.0.1");
        HttpFetcher fetcher = fetcher(transport, resolver);

        fetcher.fetch(URI.create("http://portal.test:" + port() + "/1"), LOOPBACK);
        fetcher.fetch(URI.create("http://portal.test:" + port() + "/2"), LOOPBACK);

        assertThat(seen)
                .extracting(Seen::remotePort)
                .hasSize(2)
                .containsOnly(seen.get(0).remotePort());
    }

    @Test
    void a50MiBBodyIsCutAtTheCapWithoutReadingTheRest() throws Exception {
        long start = System.nanoTime();

        FetchResult result = fetcher(transport, HostResolver.SYSTEM)
                .fetch(URI.create("http://127.0.0.1:" + port() + "/huge"), LOOPBACK);

        assertThat(result.truncated()).isTrue();
        assertThat(result.body()).hasSize(10 * MIB);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aStalledBodyHitsTheExchangeDeadline() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> transport.exchange(
                        get("http://127.0.0.1:" + port() + "/stall", Duration.ofMillis(500)),
                        List.of(InetAddress.getLoopbackAddress()),
                        1024,
                        Duration.ofMillis(500)))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("PT0.5S");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void redirectsAndContentEncodingAreLeftToTheFetcher() throws Exception {
        HttpTransport.Response moved = transport.exchange(
                get("http://127.0.0.1:" + port() + "/moved", Duration.ofSeconds(2)),
                List.of(InetAddress.getLoopbackAddress()),
                1024,
                Duration.ofSeconds(2));
        assertThat(moved.status()).isEqualTo(302);
        assertThat(moved.headers().firstValue("location")).contains("/page");

        HttpRequest gzipped = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/gzip"))
                .header("Accept-Encoding", "gzip")
                .build();
        HttpTransport.Response raw = transport.exchange(
                gzipped, List.of(InetAddress.getLoopbackAddress()), 1024 * 1024, Duration.ofSeconds(2));
        assertThat(raw.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(raw.body()[0]).isEqualTo((byte) 0x1f);

        FetchResult decoded = fetcher(transport, HostResolver.SYSTEM)
                .fetch(URI.create("http://127.0.0.1:" + port() + "/gzip"), LOOPBACK);
        assertThat(new String(decoded.body(), StandardCharsets.UTF_8)).isEqualTo("<html>压缩的页面</html>");
    }

    private static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
