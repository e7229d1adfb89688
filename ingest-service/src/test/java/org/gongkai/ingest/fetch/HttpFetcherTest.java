package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.GZIPOutputStream;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.url.AllowedNetworks;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class HttpFetcherTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.123456Z");

    private final FakeResolver resolver = new FakeResolver()
            .map("portal.test", "93.184.216.34")
            .map("other.test", "93.184.216.35")
            .map("intranet.test", "10.1.2.3")
            .map("metadata.test", "169.254.169.254");
    private final FakeTransport transport = new FakeTransport();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private HttpFetcher fetcher(long maxBodyBytes, int maxRedirects) {
        return new HttpFetcher(
                transport,
                new AddressGuard(resolver),
                new MinDelayPoliteness(Duration.ZERO),
                TestConfigs.fetch(
                        Duration.ofSeconds(1), Duration.ofSeconds(2), DataSize.ofBytes(maxBodyBytes), maxRedirects),
                "Gongkai/test",
                meters,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aProbeAsksOnceAndPassesThePauseOfTheHostItProbesButARedirectToAnotherHostMeetsThatHostsPause()
            throws Exception {
        HostPauses pauses = HostPauses.inMemory();
        pauses.putPause(new HostPause("portal.test", NOW.plus(Duration.ofHours(1)), 3, "HTTP 500"));
        pauses.putPause(new HostPause("other.test", NOW.plus(Duration.ofHours(1)), 3, "HTTP 500"));
        HttpFetcher paused = new HttpFetcher(
                transport,
                new AddressGuard(resolver),
                new MinDelayPoliteness(
                        TestConfigs.pausing(3, Duration.ofMinutes(30), Duration.ofSeconds(5)),
                        meters,
                        pauses,
                        Clock.fixed(NOW, ZoneOffset.UTC)),
                TestConfigs.fetch(Duration.ofSeconds(1), Duration.ofSeconds(2), DataSize.ofBytes(1024), 5),
                "Gongkai/test",
                meters,
                Clock.fixed(NOW, ZoneOffset.UTC));
        URI robots = URI.create("http://portal.test/robots.txt");
        transport.respond(robots.toString(), 503, new byte[0]);

        assertThatThrownBy(() -> paused.fetch(robots, AllowedNetworks.NONE))
                .as("a page's fetch meets the pause")
                .isInstanceOf(HostPausedException.class);
        assertThat(paused.fetchOnce(robots, AllowedNetworks.NONE).status()).isEqualTo(503);
        assertThat(transport.requestedUris()).as("one request, no retries").containsExactly(robots);

        transport.redirect(robots.toString(), 302, "http://other.test/robots.txt");
        assertThatThrownBy(() -> paused.fetchOnce(robots, AllowedNetworks.NONE))
                .isInstanceOfSatisfying(
                        HostPausedException.class, e -> assertThat(e.host()).isEqualTo("other.test"));
        assertThat(transport.requestedUris()).containsExactly(robots, robots);
    }

    @Test
    void everyHopCarriesTheCurrentTraceparentAndNoOtherTracingHeader() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HttpFetcher traced = new HttpFetcher(
                transport,
                new AddressGuard(resolver),
                new MinDelayPoliteness(Duration.ZERO),
                TestConfigs.fetch(Duration.ofSeconds(1), Duration.ofSeconds(2), DataSize.ofBytes(1024), 5),
                "Gongkai/test",
                meters,
                Clock.fixed(NOW, ZoneOffset.UTC),
                () -> traceparent);
        transport.redirect("http://portal.test/a", 301, "/b");
        transport.respond("http://portal.test/b", 200, "<html>ok</html>".getBytes(StandardCharsets.UTF_8));

        traced.fetch(URI.create("http://portal.test/a"), AllowedNetworks.NONE);

        assertThat(transport.requests).hasSize(2).allSatisfy(request -> {
            assertThat(request.headers().allValues("traceparent")).containsExactly(traceparent);
            assertThat(request.headers().map().keySet())
                    .map(name -> name.toLowerCase(java.util.Locale.ROOT))
                    .doesNotContain("baggage", "tracestate", "b3", "x-b3-traceid");
        });
    }

    @Test
    void withoutATraceNoTraceparentIsSent() throws Exception {
        transport.respond("http://portal.test/a", 200, "<html>ok</html>".getBytes(StandardCharsets.UTF_8));

        fetcher(1024, 5).fetch(URI.create("http://portal.test/a"), AllowedNetworks.NONE);

        assertThat(transport.requests.get(0).headers().firstValue("traceparent"))
                .isEmpty();
    }

    @Test
    void privateHostIsRefusedWithoutAnyRequest() {
        transport.respond("http://intranet.test/", 200, "secret".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> fetcher(1024, 5).fetch(URI.create("http://intranet.test/"), AllowedNetworks.NONE))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("10.1.2.3");

        assertThat(transport.requests).isEmpty();
        assertThat(resolver.lookups).containsExactly("intranet.test");
    }

    @Test
    void metadataAddressIsRefusedWithoutAnyRequest() {
        assertThatThrownBy(() -> fetcher(1024, 5)
                        .fetch(URI.create("http://metadata.test/latest/meta-data/"), AllowedNetworks.NONE))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("169.254.169.254");

        assertThat(transport.requests).isEmpty();
    }

    @Test
    void redirectToAPrivateAddressIsRefusedBeforeTheHopIsSent() {
        transport.redirect("http://portal.test/xxgk/a.html", 302, "http://metadata.test/latest/meta-data/");
        transport.respond("http://metadata.test/latest/meta-data/", 200, "role".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() ->
                        fetcher(1024, 5).fetch(URI.create("http://portal.test/xxgk/a.html"), AllowedNetworks.NONE))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("169.254.169.254");

        assertThat(transport.requestedUris()).containsExactly(URI.create("http://portal.test/xxgk/a.html"));
    }

    @Test
    void aSiteAllowedOneNetworkIsRefusedARedirectIntoAnotherBeforeTheHopIsSent() {
        resolver.map("portal.intranet.test", "10.1.2.3").map("hr.intranet.test", "10.9.9.9");
        transport.redirect("http://portal.intranet.test/a", 302, "http://hr.intranet.test/salaries");
        transport.respond("http://hr.intranet.test/salaries", 200, "secret".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> fetcher(1024, 5)
                        .fetch(
                                URI.create("http://portal.intranet.test/a"),
                                AllowedNetworks.of(java.util.List.of("10.1.2.0/24"))))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("10.9.9.9");

        assertThat(transport.requestedUris()).containsExactly(URI.create("http://portal.intranet.test/a"));
    }

    @Test
    void redirectsAreFollowedRelativeToTheCurrentUrlAndEachHopIsCheckedAndCounted() throws Exception {
        transport.redirect("http://portal.test/a", 301, "/b");
        transport.redirect("http://portal.test/b", 307, "https://other.test/c?x=1");
        transport.respond(
                "https://other.test/c?x=1",
                200,
                "<html>ok</html>".getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "text/html; charset=GBK",
                "ETag",
                "\"v1\"");

        FetchResult result = fetcher(1024, 5).fetch(URI.create("http://portal.test/a"), AllowedNetworks.NONE);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.requestedUri()).isEqualTo(URI.create("http://portal.test/a"));
        assertThat(result.finalUri()).isEqualTo(URI.create("https://other.test/c?x=1"));
        assertThat(result.mediaType()).isEqualTo("text/html");
        assertThat(result.headerCharset()).isEqualTo("GBK");
        assertThat(result.keptHeaders()).containsEntry("etag", "\"v1\"").containsKey("content-type");
        assertThat(result.fetchedAt()).isEqualTo(NOW);
        assertThat(resolver.lookups).containsExactly("portal.test", "portal.test", "other.test");
        assertThat(transport.requests.get(0).headers().firstValue("User-Agent")).contains("Gongkai/test");
        assertThat(meters.get("gongkai.ingest.fetches")
                        .tag("host", "portal.test")
                        .tag("status", "3xx")
                        .counter()
                        .count())
                .isEqualTo(2.0);
        assertThat(meters.get("gongkai.ingest.fetches")
                        .tag("host", "other.test")
                        .tag("status", "2xx")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.get("gongkai.ingest.fetch.duration")
                        .tag("host", "other.test")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void tooManyRedirectsFail() {
        transport.redirect("http://portal.test/1", 302, "/2");
        transport.redirect("http://portal.test/2", 302, "/3");
        transport.redirect("http://portal.test/3", 302, "/4");

        assertThatThrownBy(() -> fetcher(1024, 2).fetch(URI.create("http://portal.test/1"), AllowedNetworks.NONE))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("more than 2 redirects");
        assertThat(transport.requests).hasSize(3);
    }

    @Test
    void redirectWithoutLocationIsTheFinalResponse() throws Exception {
        transport.respond("http://portal.test/x", 302, new byte[0]);

        assertThat(fetcher(1024, 5)
                        .fetch(URI.create("http://portal.test/x"), AllowedNetworks.NONE)
                        .status())
                .isEqualTo(302);
    }

    @Test
    void gzipBodyIsDecoded() throws Exception {
        byte[] html = "<html><body>索引号：1</body></html>".getBytes(StandardCharsets.UTF_8);
        transport.respond("http://portal.test/g", 200, gzip(html), "Content-Encoding", "gzip");

        FetchResult result = fetcher(1024, 5).fetch(URI.create("http://portal.test/g"), AllowedNetworks.NONE);

        assertThat(result.body()).isEqualTo(html);
        assertThat(result.truncated()).isFalse();
        assertThat(result.keptHeaders()).containsEntry("content-encoding", "gzip");
    }

    @Test
    void bodyIsCutAtTheCapAndMarkedTruncated() throws Exception {
        byte[] big = "<p>公告</p>".repeat(1000).getBytes(StandardCharsets.UTF_8);
        transport.respond("http://portal.test/big", 200, big);

        FetchResult result = fetcher(1000, 5).fetch(URI.create("http://portal.test/big"), AllowedNetworks.NONE);

        assertThat(result.truncated()).isTrue();
        assertThat(result.body()).hasSize(1000).isEqualTo(java.util.Arrays.copyOf(big, 1000));
    }

    @Test
    void decodedSizeIsCappedTooSoACompressionBombStaysSmall() throws Exception {
        byte[] bomb = gzip(new byte[5_000_000]); // about 5 KB on the wire
        transport.respond("http://portal.test/bomb", 200, bomb, "Content-Encoding", "gzip");

        FetchResult result = fetcher(64 * 1024, 5).fetch(URI.create("http://portal.test/bomb"), AllowedNetworks.NONE);

        assertThat(bomb.length).isLessThan(64 * 1024);
        assertThat(result.truncated()).isTrue();
        assertThat(result.body()).hasSize(64 * 1024);
    }

    @Test
    void bodyExactlyAtTheCapIsNotTruncated() throws Exception {
        transport.respond("http://portal.test/exact", 200, new byte[1000]);

        FetchResult result = fetcher(1000, 5).fetch(URI.create("http://portal.test/exact"), AllowedNetworks.NONE);

        assertThat(result.truncated()).isFalse();
        assertThat(result.body()).hasSize(1000);
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
