package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.url.AllowedNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/**
 * A body cut short of its Content-Length (the server closes the connection after 3,000 of 60,000 bytes), from a
 * loopback server, through both transports: a typed page fault whose reason says how much came, retried at once
 * without backing the host off.
 */
class TruncatedBodyTest {

    private static final AllowedNetworks LOOPBACK = AllowedNetworks.of(List.of("127.0.0.0/8"));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MinDelayPoliteness politeness = new MinDelayPoliteness(TestConfigs.politeness(Duration.ZERO), meters);
    private ShortBodyServer server;
    private HttpTransport transport;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (transport instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private HttpFetcher fetcher(String kind) {
        transport = kind.equals("pinned")
                ? new PinnedHttpTransport(Duration.ofSeconds(2))
                : new JdkHttpTransport(Duration.ofSeconds(2));
        return new HttpFetcher(
                transport,
                new AddressGuard(HostResolver.SYSTEM),
                politeness,
                TestConfigs.fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), DataSize.ofMegabytes(1), 5, 2),
                "Gongkai/test",
                meters,
                Clock.systemUTC());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pinned", "jdk"})
    void aBodyCutShortOfItsContentLengthIsAPageFaultSayingHowMuchCame(String kind) throws Exception {
        server = new ShortBodyServer(Integer.MAX_VALUE);
        HttpFetcher fetcher = fetcher(kind);

        assertThatThrownBy(() -> fetcher.fetch(server.uri(), LOOPBACK))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.hostFault()).isFalse();
                    assertThat(e.getCause()).isInstanceOf(TruncatedBodyException.class);
                    assertThat(e.getMessage())
                            .startsWith("truncated body: got 3000 of 60000 bytes (connection closed early) from GET "
                                    + server.uri());
                    assertThat(FetchMetrics.errorKind(e)).isEqualTo("truncated");
                });
        assertThat(server.requests).as("tried again at once, fetch.retries = 2").hasValue(3);
        assertThat(politeness.failures("127.0.0.1"))
                .as("the host is not backed off")
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pinned", "jdk"})
    void aBodyCutShortOnceIsFetchedWholeOnTheRetry(String kind) throws Exception {
        server = new ShortBodyServer(1);
        HttpFetcher fetcher = fetcher(kind);

        FetchResult result = fetcher.fetch(server.uri(), LOOPBACK);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).hasSize(60_000);
        assertThat(server.requests).hasValue(2);
        assertThat(meters.get("gongkai.ingest.fetch.retries")
                        .tag("kind", "truncated")
                        .counter()
                        .count())
                .as("the recovered cut is seen in the metrics")
                .isEqualTo(1.0);
    }

    /**
     * Answers every request with {@code Content-Length: 60000}; the first {@code cut} answers send 3,000 bytes of
     * the body and close the connection, later ones the whole body.
     */
    private static final class ShortBodyServer implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        private final ServerSocket socket;
        private final Thread thread;

        ShortBodyServer(int cut) throws IOException {
            socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> serve(cut), "short-body-server");
            thread.setDaemon(true);
            thread.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/xxgk/short-body.html");
        }

        private void serve(int cut) {
            byte[] body = new byte[60_000];
            Arrays.fill(body, (byte) 'a');
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    readHead(client);
                    boolean shortBody = requests.incrementAndGet() <= cut;
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 60000\r\n"
                                    + "Connection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body, 0, shortBody ? 3000 : body.length);
                    out.flush();
                } catch (IOException e) {
                    // closed: the test is over
                }
            }
        }

        private static void readHead(Socket client) throws IOException {
            var in = client.getInputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            for (int b; matched < 4 && (b = in.read()) >= 0; ) {
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
