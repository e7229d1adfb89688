package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.url.AllowedNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The real transport against a server on 127.0.0.1. */
class JdkHttpTransportTest {

    private static final AllowedNetworks LOOPBACK = AllowedNetworks.of(java.util.List.of("127.0.0.0/8"));

    private static final int BIG = 3 * 1024 * 1024;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final JdkHttpTransport transport = new JdkHttpTransport(Duration.ofSeconds(2));

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                switch (exchange.getRequestURI().getPath()) {
                    case "/big" -> {
                        exchange.sendResponseHeaders(200, 0); // chunked, 3 MiB
                        try (OutputStream out = exchange.getResponseBody()) {
                            byte[] chunk = new byte[64 * 1024];
                            for (int sent = 0; sent < BIG; sent += chunk.length) {
                                out.write(chunk);
                            }
                        } catch (IOException clientWentAway) {
                            // expected once the client has read its cap
                        }
                    }
                    case "/stall" -> {
                        exchange.sendResponseHeaders(200, 0);
                        exchange.getResponseBody().write("<html>".getBytes(StandardCharsets.UTF_8));
                        exchange.getResponseBody().flush();
                        release.await(10, TimeUnit.SECONDS);
                    }
                    case "/moved" -> {
                        exchange.getResponseHeaders().set("Location", "/small");
                        exchange.sendResponseHeaders(302, -1);
                    }
                    default -> {
                        byte[] body = "<html>索引号</html>".getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void bodyIsReadUpToTheCapOnly() throws Exception {
        HttpTransport.Response response = transport.exchange(get("/big"), 1024 * 1024, Duration.ofSeconds(10));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.truncated()).isTrue();
        assertThat(response.body()).hasSize(1024 * 1024);
    }

    @Test
    void smallBodyIsComplete() throws Exception {
        HttpTransport.Response response = transport.exchange(get("/small"), 1024 * 1024, Duration.ofSeconds(10));

        assertThat(response.truncated()).isFalse();
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("<html>索引号</html>");
        assertThat(response.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
    }

    @Test
    void stalledBodyTimesOut() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> transport.exchange(get("/stall"), 1024, Duration.ofMillis(500)))
                .isInstanceOf(HttpTimeoutException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void redirectsAreNotFollowedByTheTransport() throws Exception {
        HttpTransport.Response response = transport.exchange(get("/moved"), 1024, Duration.ofSeconds(5));

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.headers().firstValue("location")).contains("/small");
    }

    @Test
    void fetcherRefusesLoopbackUnlessTheSiteAllowsItAndThenFollowsRedirects() throws Exception {
        HttpFetcher fetcher = new HttpFetcher(
                transport,
                new AddressGuard(HostResolver.SYSTEM), // 127.0.0.1 is a literal: no DNS
                new MinDelayPoliteness(Duration.ZERO),
                TestConfigs.fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), DataSize.ofMegabytes(1), 5),
                "Gongkai/test",
                new SimpleMeterRegistry(),
                Clock.systemUTC());

        assertThatThrownBy(() -> fetcher.fetch(uri("/moved"), AllowedNetworks.NONE))
                .isInstanceOf(BlockedAddressException.class);
        assertThat(requests).hasValue(0);

        FetchResult result = fetcher.fetch(uri("/moved"), LOOPBACK);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.finalUri()).isEqualTo(uri("/small"));
        assertThat(requests).hasValue(2);
    }
}
