package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gongkai.events.NoticeIds;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A host that served its robots.txt and its list earlier in the crawl, one of whose pages answers 500 to its 3
 * requests (1 + 2 retries) with {@code pause-after-failures} 3, so that the page's own retries pause the host
 * (session 18's leftover). What the host answered before the pause says nothing of now: it is probed once (its
 * robots.txt), and the probe's answer decides whether the host's other pages wait for the whole pause. Pages are
 * visited in the list's order, one at a time. A real HTTP server on 127.0.0.1; the pause (30 minutes) runs on the
 * wall clock, revisits (1 h to 1 d) on the test's clock.
 */
class FailingPageThatPausesAnAnsweringHostCrawlTest {

    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    private final ScriptedServer server = new ScriptedServer();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    private final MutableClock clock = new MutableClock(T0);
    private final SiteCrawler crawler = CrawlFixture.faultingCrawler(
            publisher, state, clock, TestConfigs.pausing(3, Duration.ofMinutes(30), Duration.ofSeconds(5)));

    @AfterEach
    void stop() {
        server.close();
    }

    private Site site() {
        return TestConfigs.site("a", List.of(server.uri("/l/index.html").toString()), true, 500);
    }

    private void notice(String path) {
        server.on(
                path,
                Answer.html("<table><tr><td>索引号：</td><td>X/2026-1</td><td>发布机构：</td><td>某局</td></tr></table>"
                        + "<p>通知正文</p>"));
    }

    private String id(String path) {
        return NoticeIds.fromUrl(server.uri(path).toString());
    }

    @Test
    void aHostWhoseRobotsTxtWasServedEarlierIsProbedOnceAfterAPageTripsItsPauseAndItsOtherPagesAreFetched()
            throws Exception {
        server.on("/robots.txt", Answer.of(200, "User-agent: *\nDisallow: /private/\n", "Content-Type", "text/plain"));
        server.on("/n/broken.html", Answer.of(500, "error"));
        server.on("/n/broken2.html", Answer.of(500, "error"));
        notice("/n/1.html");
        notice("/n/2.html");
        server.on(
                "/l/index.html",
                Answer.html(CrawlFixture.listHtml("/n/broken.html", "/n/1.html", "/n/broken2.html", "/n/2.html")));

        CrawlReport report = crawler.crawl(site());

        assertThat(server.hits("/n/broken.html"))
                .as("1 + 2 retries, the last pausing the host")
                .hasSize(3);
        assertThat(server.hits("/n/1.html"))
                .as("the host served the probe, so its pause is over: its next page is fetched (%s)", report)
                .hasSize(1);
        assertThat(server.hits("/n/broken2.html")).as("pauses the host again").hasSize(3);
        assertThat(server.hits("/robots.txt"))
                .as("fetched for its rules, then one probe after the first pause: none after the second")
                .hasSize(2);
        assertThat(server.hits("/n/2.html"))
                .as("paused again, no second probe: deferred")
                .isEmpty();
        assertThat(report.deferred()).isEqualTo(1);
        assertThat(state.get(id("/n/broken.html")))
                .as("the host served its robots.txt after the pause: the page's own fault")
                .hasValueSatisfying(s -> {
                    assertThat(s.faults()).isEqualTo(1);
                    assertThat(s.nextVisit()).isEqualTo(T0.plus(Duration.ofHours(1)));
                });
        assertThat(state.get(id("/n/broken2.html")))
                .as("the same verdict for the host's next failing page in the crawl")
                .hasValueSatisfying(s -> assertThat(s.faults()).isEqualTo(1));
    }

    @Test
    void aHostThatServedItsRobotsTxtButFailsTheProbeAfterThePauseIsDownSoThePageIsAHostFault() throws Exception {
        // robots.txt served for its rules at the crawl's start, 503 when probed: the host went down meanwhile
        server.on(
                "/robots.txt",
                Answer.of(200, "User-agent: *\nDisallow: /private/\n", "Content-Type", "text/plain"),
                Answer.of(503, "down"));
        server.on("/n/broken.html", Answer.of(500, "error"));
        notice("/n/1.html");
        server.on("/l/index.html", Answer.html(CrawlFixture.listHtml("/n/broken.html", "/n/1.html")));

        CrawlReport report = crawler.crawl(site());

        assertThat(server.hits("/robots.txt")).as("its rules, then the probe").hasSize(2);
        assertThat(server.hits("/n/1.html"))
                .as("the pause renewed: deferred (%s)", report)
                .isEmpty();
        assertThat(report.deferred()).isEqualTo(1);
        assertThat(state.get(id("/n/broken.html")))
                .as("down now: a host fault, no record, tried again after the pause")
                .isEmpty();
    }
}
