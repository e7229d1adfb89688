package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.RobotsPolicy.Verdict;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.url.AllowedNetworks;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class RobotsPolicyTest {

    private static final String ROBOTS = "http://portal.test/robots.txt";

    private final FakeTransport transport = new FakeTransport();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    private final RecordingPoliteness politeness = new RecordingPoliteness();
    private final HttpFetcher fetcher = new HttpFetcher(
            transport,
            new AddressGuard(
                    new FakeResolver().map("portal.test", "93.184.216.34").map("other.test", "93.184.216.35")),
            politeness,
            TestConfigs.fetch(Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofKilobytes(64), 5),
            "Gongkai/0.1 (test)",
            meters,
            clock);
    private final RobotsPolicy robots = policy(true);

    private RobotsPolicy policy(boolean enabled) {
        return new RobotsPolicy(
                fetcher,
                politeness,
                new IngestProperties.Robots(enabled, Duration.ofHours(12), Duration.ofMinutes(30)),
                "Gongkai/0.1 (government disclosure notice indexer)",
                meters,
                clock);
    }

    private void robotsTxt(int status, String body) {
        transport.respond(ROBOTS, status, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
    }

    private Verdict check(String url) throws InterruptedException {
        return robots.check(URI.create(url), AllowedNetworks.NONE);
    }

    @Test
    void theGroupForOurProductTokenWinsOverTheWildcard() throws Exception {
        robotsTxt(200, """
                User-agent: *
                Disallow: /

                User-agent: gongkai
                Disallow: /search/
                Allow: /
                """);

        assertThat(check("http://portal.test/xxgk/t20231120_3003.html")).isEqualTo(Verdict.ALLOWED);
        assertThat(check("http://portal.test/search/?q=x")).isEqualTo(Verdict.DENIED);
        assertThat(meters.get("gongkai.ingest.robots.denials")
                        .tag("host", "portal.test")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void theWildcardGroupAppliesWhenNoGroupNamesUs() throws Exception {
        robotsTxt(200, """
                User-agent: otherbot
                Disallow:

                User-agent: *
                Disallow: /xxgk/private/
                """);

        assertThat(check("http://portal.test/xxgk/private/a.html")).isEqualTo(Verdict.DENIED);
        assertThat(check("http://portal.test/xxgk/public/a.html")).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void rulesAreFetchedOncePerOriginAndCachedUntilTheyExpire() throws Exception {
        robotsTxt(200, "User-agent: *\nDisallow: /a/\n");

        check("http://portal.test/a/1.html");
        check("http://portal.test/b/2.html");
        check("http://PORTAL.test/a/3.html");
        check("http://other.test/a/1.html");

        assertThat(transport.requestedUris())
                .extracting(URI::toString)
                .containsExactly(ROBOTS, "http://other.test/robots.txt");

        clock.advance(Duration.ofHours(13));
        robotsTxt(200, "User-agent: *\nDisallow:\n");
        assertThat(check("http://portal.test/a/1.html")).isEqualTo(Verdict.ALLOWED);
        assertThat(transport.requestedUris()).hasSize(3);
    }

    @Test
    void crawlDelayIsHandedToThePoliteness() throws Exception {
        robotsTxt(200, "User-agent: *\nCrawl-delay: 7\nDisallow: /tmp/\n");

        assertThat(check("http://portal.test/index.html")).isEqualTo(Verdict.ALLOWED);

        assertThat(politeness.crawlDelays).containsExactly("portal.test=PT7S");
    }

    @Test
    void aMissingRobotsTxtAllowsEverything() throws Exception {
        robotsTxt(404, "not found");

        assertThat(check("http://portal.test/anything.html")).isEqualTo(Verdict.ALLOWED);
        assertThat(check("http://portal.test/other.html")).isEqualTo(Verdict.ALLOWED);
        assertThat(transport.requestedUris()).hasSize(1);
    }

    @Test
    void aForbiddenRobotsTxtAllowsEverything() throws Exception {
        robotsTxt(403, "forbidden");

        assertThat(check("http://portal.test/anything.html")).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void a5xxRobotsTxtDefersTheHostUntilItIsTriedAgain() throws Exception {
        robotsTxt(503, "busy");

        assertThat(check("http://portal.test/a.html")).isEqualTo(Verdict.DEFERRED);
        assertThat(check("http://portal.test/b.html")).isEqualTo(Verdict.DEFERRED);
        assertThat(transport.requestedUris()).hasSize(1);

        robotsTxt(200, "User-agent: *\nDisallow: /b\n");
        clock.advance(Duration.ofMinutes(31));
        assertThat(check("http://portal.test/a.html")).isEqualTo(Verdict.ALLOWED);
        assertThat(check("http://portal.test/b.html")).isEqualTo(Verdict.DENIED);
        assertThat(transport.requestedUris()).hasSize(2);
    }

    @Test
    void anUnreachableRobotsTxtDefersTheHost() throws Exception {
        // other.test is in the resolver but a blocked address would be a refusal: use an unknown host instead.
        assertThat(robots.check(URI.create("http://nowhere.test/a.html"), AllowedNetworks.NONE))
                .isEqualTo(Verdict.DEFERRED);
    }

    @Test
    void disabledMeansAllowedWithoutAnyRequest() throws Exception {
        robotsTxt(200, "User-agent: *\nDisallow: /\n");

        assertThat(policy(false).check(URI.create("http://portal.test/a.html"), AllowedNetworks.NONE))
                .isEqualTo(Verdict.ALLOWED);
        assertThat(transport.requests).isEmpty();
    }

    @Test
    void theProductTokenIsTheFirstWordOfTheUserAgent() {
        assertThat(RobotsPolicy.productToken("Gongkai/0.1 (government disclosure notice indexer)"))
                .isEqualTo("gongkai");
        assertThat(RobotsPolicy.productToken("MyBot")).isEqualTo("mybot");
    }

    /** Grants every turn at once and records the crawl delays set. */
    static final class RecordingPoliteness implements HostPoliteness {
        final List<String> crawlDelays = new ArrayList<>();

        @Override
        public Turn acquire(String host) {
            return new Turn() {
                @Override
                public void failed(String reason) {}

                @Override
                public void retryAfter(Duration wait) {}

                @Override
                public void close() {}
            };
        }

        @Override
        public void crawlDelay(String host, Duration delay) {
            crawlDelays.add(host + "=" + delay);
        }
    }

    @Test
    void aProbeServedReplacesTheCachedRulesAndAnyOtherAnswerKeepsThemWithoutRetries() throws Exception {
        robotsTxt(200, "User-agent: *\nDisallow: /old/\n");
        assertThat(check("http://portal.test/new/1.html")).isEqualTo(Verdict.ALLOWED);
        robotsTxt(200, "User-agent: *\nDisallow: /new/\n");
        List<FetchResult> answered = new ArrayList<>();

        assertThat(robots.probe(URI.create("http://portal.test/x.html"), AllowedNetworks.NONE, answered::add))
                .isEqualTo(RobotsPolicy.Probe.SERVED);

        assertThat(answered).extracting(FetchResult::status).containsExactly(200);
        assertThat(check("http://portal.test/new/1.html")).as("the fresh rules").isEqualTo(Verdict.DENIED);

        int before = transport.requestedUris().size();
        robotsTxt(503, "down");
        assertThat(robots.probe(URI.create("http://portal.test/x.html"), AllowedNetworks.NONE, answered::add))
                .as("the host is down")
                .isEqualTo(RobotsPolicy.Probe.DOWN);
        robotsTxt(404, "no");
        assertThat(robots.probe(URI.create("http://portal.test/x.html"), AllowedNetworks.NONE, answered::add))
                .as("what a front proxy answers while the site is down: nothing either way")
                .isEqualTo(RobotsPolicy.Probe.UNKNOWN);

        assertThat(transport.requestedUris().size() - before)
                .as("one request a probe, no retries")
                .isEqualTo(2);
        assertThat(answered).as("only a robots.txt served is an answer").hasSize(1);
        assertThat(check("http://portal.test/new/1.html"))
                .as("neither deferred nor allowed by the 503 and the 404")
                .isEqualTo(Verdict.DENIED);
        assertThat(check("http://portal.test/old/1.html")).isEqualTo(Verdict.ALLOWED);
    }
}
