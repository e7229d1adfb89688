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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.url.AllowedNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The fetcher against hostile servers on 127.0.0.1, through the real HTTP transport: a redirect loop, a body
 * dripping one byte per second, a 50 MiB body, a gzip bomb. Every test is bounded in time and memory.
 */
class FetchSafetyTest {

    private static final AllowedNetworks LOOPBACK = AllowedNetworks.of(java.util.List.of("127.0.0.0/8"));

    private static final int MIB = 1024 * 1024;
    private static byte[] gzipBomb;

    private HttpServer server;
    private ExecutorService executor;
    private final AtomicInteger loopHops = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws IOException {
        if (gzipBomb == null) {
            gzipBomb = gzipOfZeros(256 * MIB);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestURI().getPath()) {
                case "/loop/a" -> redirect(exchange, "/loop/b");
                case "/loop/b" -> redirect(exchange, "/loop/a");
                case "/drip" -> {
                    exchange.getResponseHeaders().set("Content-Type", "text/html");
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    for (int i = 0; i < 60; i++) {
                        out.write('x');
                        out.flush();
                        sleep(1000);
                    }
                }
                case "/huge" -> {
                    exchange.getResponseHeaders().set("Content-Type", "text/html");
                    exchange.sendResponseHeaders(200, 50L * MIB);
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) 'a');
                    OutputStream out = exchange.getResponseBody();
                    for (int i = 0; i < 50 * 16; i++) {
                        out.write(chunk);
                    }
                }
                case "/bomb" -> {
                    exchange.getResponseHeaders().set("Content-Type", "text/html");
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                    exchange.sendResponseHeaders(200, gzipBomb.length);
                    exchange.getResponseBody().write(gzipBomb);
                }
                default -> exchange.sendResponseHeaders(404, -1);
            }
        } catch (IOException e) {
            // The client hung up (body cap, timeout): expected.
        }
    }

    private void redirect(HttpExchange exchange, String location) throws IOException {
        loopHops.incrementAndGet();
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // the server side of the drip, not test polling
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private HttpFetcher fetcher(DataSize maxBody, Duration readTimeout) {
        return new HttpFetcher(
                new JdkHttpTransport(Duration.ofSeconds(2)),
                new AddressGuard(HostResolver.SYSTEM),
                new MinDelayPoliteness(Duration.ZERO),
                TestConfigs.fetch(Duration.ofSeconds(2), readTimeout, maxBody, 5),
                "Gongkai/test",
                meters,
                Clock.systemUTC());
    }

    @Test
    void aRedirectLoopIsDetectedAtItsFirstRepeat() {
        assertThatThrownBy(() ->
                        fetcher(DataSize.ofMegabytes(1), Duration.ofSeconds(5)).fetch(uri("/loop/a"), LOOPBACK))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("redirect loop");
        assertThat(meters.get("gongkai.ingest.fetch.errors")
                        .tag("kind", "redirects")
                        .counter()
                        .count())
                .isEqualTo(1.0);

        assertThat(loopHops).hasValue(2);
    }

    @Test
    void aServerDrippingOneBytePerSecondHitsTheDeadline() {
        long start = System.nanoTime();

        assertThatThrownBy(() ->
                        fetcher(DataSize.ofMegabytes(1), Duration.ofSeconds(2)).fetch(uri("/drip"), LOOPBACK))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("PT2S");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(meters.get("gongkai.ingest.fetch.errors")
                        .tag("kind", "timeout")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a50MiBBodyIsCutAtTheCapAndMarkedTruncated() throws Exception {
        long start = System.nanoTime();

        FetchResult result =
                fetcher(DataSize.ofMegabytes(10), Duration.ofSeconds(20)).fetch(uri("/huge"), LOOPBACK);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.truncated()).isTrue();
        assertThat(result.body()).hasSize(10 * MIB);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(meters.get("gongkai.ingest.fetch.bytes").summary().totalAmount())
                .isEqualTo(10.0 * MIB);
    }

    @Test
    void aGzipBombDecodesOnlyUpToTheCap() throws Exception {
        assertThat(gzipBomb.length).isLessThan(MIB); // 256 MiB of zeros, compressed

        FetchResult result =
                fetcher(DataSize.ofMegabytes(10), Duration.ofSeconds(20)).fetch(uri("/bomb"), LOOPBACK);

        assertThat(result.truncated()).isTrue();
        assertThat(result.body()).hasSize(10 * MIB);
    }

    private static byte[] gzipOfZeros(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            byte[] zeros = new byte[MIB];
            for (int i = 0; i < size / MIB; i++) {
                gz.write(zeros);
            }
        }
        return out.toByteArray();
    }
}
