package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.url.AllowedNetworks;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Which fetch failures back a host off (host faults) and which concern only their page (page faults). */
class FaultClassificationTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    private final FakeResolver resolver = new FakeResolver().map("portal.test", "93.184.216.34");
    private final MinDelayPoliteness politeness =
            new MinDelayPoliteness(TestConfigs.politeness(Duration.ZERO), new SimpleMeterRegistry());
    private final AtomicInteger exchanges = new AtomicInteger();

    private HttpFetcher fetcher(HttpTransport transport) {
        return new HttpFetcher(
                transport,
                new AddressGuard(resolver),
                politeness,
                TestConfigs.fetch(Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofMegabytes(1), 5, 2),
                "Gongkai/test",
                new SimpleMeterRegistry(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aPageThatDoesNotCompleteWithinTheReadDeadlineIsAPageFaultNotRetriedAndTheHostNotBackedOff() {
        HttpFetcher fetcher = fetcher((request, max, timeout) -> {
            exchanges.incrementAndGet();
            throw new HttpTimeoutException("no complete response within PT1S");
        });

        assertThatThrownBy(() -> fetcher.fetch(URI.create("http://portal.test/drip.html"), AllowedNetworks.NONE))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.hostFault()).isFalse());
        assertThat(exchanges).hasValue(1);
        assertThat(politeness.failures("portal.test")).isZero();
    }

    @Test
    void aRefusedConnectionIsAHostFaultRetriedWithBackOff() {
        HttpFetcher fetcher = fetcher((request, max, timeout) -> {
            exchanges.incrementAndGet();
            throw new ConnectException("Connection refused");
        });

        assertThatThrownBy(() -> fetcher.fetch(URI.create("http://portal.test/a.html"), AllowedNetworks.NONE))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.hostFault()).isTrue());
        assertThat(exchanges).hasValue(3); // first attempt and two retries
        assertThat(politeness.failures("portal.test")).isEqualTo(3);
    }

    @Test
    void aRedirectLoopIsAPageFaultThatLeavesTheHostAlone() {
        HttpFetcher fetcher = fetcher((request, max, timeout) -> {
            exchanges.incrementAndGet();
            String to = request.uri().getPath().equals("/a.html") ? "/b.html" : "/a.html";
            return new HttpTransport.Response(
                    302, HttpHeaders.of(Map.of("location", List.of(to)), (a, b) -> true), new byte[0], false);
        });

        assertThatThrownBy(() -> fetcher.fetch(URI.create("http://portal.test/a.html"), AllowedNetworks.NONE))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.hostFault()).isFalse())
                .hasMessageContaining("redirect loop");
        assertThat(politeness.failures("portal.test")).isZero();
    }

    @Test
    void a5xxAnswerBacksTheHostOffAndAGoodAnswerClearsIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpFetcher fetcher = fetcher((request, max, timeout) -> {
            exchanges.incrementAndGet();
            int status = calls.incrementAndGet() == 1 ? 503 : 200;
            return new HttpTransport.Response(status, HttpHeaders.of(Map.of(), (a, b) -> true), new byte[0], false);
        });

        assertThat(fetcher.fetch(URI.create("http://portal.test/a.html"), AllowedNetworks.NONE)
                        .status())
                .isEqualTo(200);
        assertThat(exchanges).hasValue(2);
        assertThat(politeness.failures("portal.test")).isZero();
    }

    @Test
    void connectionFailuresAreTheHostFaults() {
        assertThat(FetchException.isConnectionFailure(new ConnectException())).isTrue();
        assertThat(FetchException.isConnectionFailure(new HttpConnectTimeoutException("connect")))
                .isTrue();
        assertThat(FetchException.isConnectionFailure(new java.net.UnknownHostException("x")))
                .isTrue();
        assertThat(FetchException.isConnectionFailure(new HttpTimeoutException("read")))
                .isFalse();
        assertThat(FetchException.isConnectionFailure(new java.io.EOFException()))
                .isFalse();
        assertThat(new HostPausedException("h", Duration.ofMinutes(1)).hostFault())
                .isTrue();
    }
}
