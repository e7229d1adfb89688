package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.gongkai.ingest.TestConfigs;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * A redirect target is fetched only when its own host's robots.txt allows it: the {@link FetchGate} checks each
 * redirect hop against its origin's robots.txt (fetched once, cached) before the hop is requested.
 */
class RedirectRobotsTest {

    private static final String LINK = "http://portal.test/xxgk/moved.html";
    private static final String TARGET = "http://other.test/private/notice.html";
    private static final String OTHER_ROBOTS = "http://other.test/robots.txt";

    private final FakeTransport transport = new FakeTransport();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FetchGate.Session gate;

    RedirectRobotsTest() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
        MinDelayPoliteness politeness = new MinDelayPoliteness(TestConfigs.politeness(Duration.ZERO), meters);
        HttpFetcher fetcher = new HttpFetcher(
                transport,
                new AddressGuard(
                        new FakeResolver().map("portal.test", "93.184.216.34").map("other.test", "93.184.216.35")),
                politeness,
                TestConfigs.fetch(Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofKilobytes(64), 5),
                "Gongkai/test",
                meters,
                clock);
        RobotsPolicy robots =
                new RobotsPolicy(fetcher, politeness, TestConfigs.robots(), "Gongkai/test", meters, clock);
        gate = new FetchGate(HostAssignment.ALL, fetcher, robots)
                .open(TestConfigs.site("s", List.of("http://portal.test/xxgk/index.html"), false, 10));
        transport.redirect(LINK, 302, TARGET);
        transport.respond(TARGET, 200, "<html>notice</html>".getBytes(StandardCharsets.UTF_8));
    }

    private void otherRobots(int status, String body) {
        transport.respond(OTHER_ROBOTS, status, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
    }

    @Test
    void aRedirectToAPathTheTargetHostsRobotsTxtDisallowsIsDeniedWithoutRequestingTheTarget() {
        otherRobots(200, "User-agent: *\nDisallow: /private/\n");

        NotFetchedException denied =
                catchThrowableOfType(NotFetchedException.class, () -> gate.fetch(URI.create(LINK), Validators.NONE));

        assertThat(denied.reason()).isEqualTo(NotFetchedException.Reason.DENIED);
        assertThat(denied.redirectTarget()).isEqualTo(URI.create(TARGET));
        assertThat(denied.pageFault()).as("denied, not failed").isFalse();
        assertThat(denied.getMessage()).contains("disallowed by robots.txt").contains(TARGET);
        assertThat(transport.requestedUris())
                .extracting(URI::toString)
                .containsExactly("http://portal.test/robots.txt", LINK, OTHER_ROBOTS);
        assertThat(meters.counter("gongkai.ingest.fetch.errors", "kind", "redirect-robots")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aRedirectTheTargetHostsRobotsTxtAllowsIsFollowed() throws Exception {
        otherRobots(200, "User-agent: *\nDisallow: /admin/\n");

        FetchResult result = gate.fetch(URI.create(LINK), Validators.NONE);

        assertThat(result.finalUri()).isEqualTo(URI.create(TARGET));
        assertThat(result.status()).isEqualTo(200);
        assertThat(transport.requestedUris()).extracting(URI::toString).containsSubsequence(OTHER_ROBOTS, TARGET);
    }

    @Test
    void theTargetHostsRobotsTxtIsReadOnceForSeveralRedirects() throws Exception {
        otherRobots(404, "");
        transport.redirect("http://portal.test/xxgk/moved2.html", 301, "http://other.test/zwgk/2.html");
        transport.respond("http://other.test/zwgk/2.html", 200, new byte[] {'x'});

        gate.fetch(URI.create(LINK), Validators.NONE);
        gate.fetch(URI.create("http://portal.test/xxgk/moved2.html"), Validators.NONE);

        assertThat(transport.requestedUris().stream().filter(u -> u.toString().equals(OTHER_ROBOTS)))
                .hasSize(1);
    }

    @Test
    void aTargetWhoseRobotsTxtIsUnavailableDefersTheTargetsHostNotTheLinks() throws Exception {
        otherRobots(503, "busy");

        NotFetchedException deferred =
                catchThrowableOfType(NotFetchedException.class, () -> gate.fetch(URI.create(LINK), Validators.NONE));

        assertThat(deferred.reason()).isEqualTo(NotFetchedException.Reason.DEFERRED);
        assertThat(deferred.redirectTarget()).isEqualTo(URI.create(TARGET));
        assertThat(transport.requestedUris()).extracting(URI::toString).doesNotContain(TARGET);
        assertThat(gate.fetch(URI.create("http://portal.test/xxgk/index.html"), Validators.NONE)
                        .status())
                .as("the link's host goes on")
                .isEqualTo(404);
        assertThat(catchThrowableOfType(
                                NotFetchedException.class,
                                () -> gate.fetch(URI.create("http://other.test/zwgk/1.html"), Validators.NONE))
                        .reason())
                .as("the target's host waits for a later crawl")
                .isEqualTo(NotFetchedException.Reason.DEFERRED);
    }
}
