package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.AddressGuard;
import org.gongkai.ingest.fetch.HostPause;
import org.gongkai.ingest.fetch.HostResolver;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.JdkHttpTransport;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.ingest.fetch.RobotsPolicy;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * A host paused before a restart stays paused after it (session 17's trial: the kill -9 of ingest-service met the
 * paused 127.0.0.65 afresh, six more failing requests before pausing it again): the list on 127.0.0.66 links {@code
 * /go/down}, 302 to 127.0.0.67, which answers 500 to everything (robots.txt 404). Two failures pause a host for 30
 * min, on the crawl's clock; a new crawler (politeness, robots.txt cache, fetcher: what a restart loses) on the same
 * crawl state sends nothing to the host until the pause ends, then one probe, whose failure pauses it again. The
 * Kafka state topic's side of the restart: {@link HostPauseRestoreIT}.
 */
class PauseAcrossRestartCrawlTest {

    static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    static final Duration PAUSE = Duration.ofMinutes(30);
    static final String DOWN = "127.0.0.67";

    private final ScriptedServer list = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(66));
    private final ScriptedServer down = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(67));
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final MutableClock clock = new MutableClock(T0);

    @AfterEach
    void stop() {
        list.close();
        down.close();
    }

    /**
     * A crawler as the service wires one, with everything a restart loses new: its politeness records host pauses
     * in {@code state} and measures them on {@code clock}; one retry, two failures pause a host.
     */
    static SiteCrawler crawler(CrawlState state, MutableClock clock, SimpleMeterRegistry meters) {
        IngestProperties.Politeness config = new IngestProperties.Politeness(
                Duration.ZERO,
                Duration.ofSeconds(60),
                8,
                Duration.ofMillis(10),
                Duration.ofMillis(40),
                2,
                PAUSE,
                Duration.ofSeconds(1));
        MinDelayPoliteness politeness = new MinDelayPoliteness(config, meters, state, clock);
        HttpFetcher fetcher = new HttpFetcher(
                new JdkHttpTransport(Duration.ofSeconds(2)),
                new AddressGuard(HostResolver.SYSTEM),
                politeness,
                TestConfigs.fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), DataSize.ofMegabytes(1), 5, 1),
                "Gongkai/test",
                meters,
                clock);
        RobotsPolicy robots =
                new RobotsPolicy(fetcher, politeness, TestConfigs.robots(), "Gongkai/test", meters, clock);
        return new SiteCrawler(
                fetcher,
                robots,
                new CrawlFixture.RecordingPublisher(),
                state,
                TestConfigs.state("s", Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)),
                meters,
                clock);
    }

    /** The portal: a list linking a notice and, first, a redirect to a host that answers only 500. */
    static Site portal(ScriptedServer list, ScriptedServer down) {
        down.on("/doc/down.html", Answer.of(500, "error"));
        list.on(
                "/go/down",
                Answer.of(302, "", "Location", down.uri("/doc/down.html").toString()));
        list.on(
                "/n/1.html",
                Answer.html("<table><tr><td>索引号：</td><td>X/2026-1</td><td>发布机构：</td><td>某局</td></tr></table>"
                        + "<p>通知正文</p>"));
        list.on(
                "/l/index.html",
                Answer.html("<ul><li><a href=\"/go/down\">甲</a></li><li><a href=\"/n/1.html\">乙</a>" + "</li></ul>"));
        return TestConfigs.site("r", List.of(list.uri("/l/index.html").toString()), true, 500);
    }

    @Test
    void aHostPausedBeforeARestartGetsNoRequestUntilItsPauseEndsThenOneProbe() throws Exception {
        Site site = portal(list, down);
        crawler(state, clock, new SimpleMeterRegistry()).crawl(site);
        assertThat(down.hits("/doc/down.html"))
                .as("the page and its retry: two failures")
                .hasSize(2);
        assertThat(state.pause(DOWN))
                .hasValueSatisfying(p -> assertThat(p.until()).isEqualTo(T0.plus(PAUSE)));
        int before = down.hits.size();

        SiteCrawler restarted = crawler(state, clock, new SimpleMeterRegistry());
        clock.advance(Duration.ofMinutes(5));
        CrawlReport during = restarted.crawl(site);
        clock.advance(PAUSE.minus(Duration.ofMinutes(5)).minusSeconds(2));
        restarted.crawl(site);

        assertThat(down.hits)
                .as("nothing, robots.txt included, until the pause's end")
                .hasSize(before);
        assertThat(during.deferred()).as("%s", during).isEqualTo(1);
        assertThat(list.hits("/go/down"))
                .as("the link is followed in each crawl")
                .hasSize(3);

        clock.advance(Duration.ofSeconds(2));
        restarted.crawl(site);
        clock.advance(Duration.ofMinutes(5));
        restarted.crawl(site);

        assertThat(down.hits("/doc/down.html"))
                .as("one probe after the pause's end, no retry")
                .hasSize(3);
        assertThat(state.pause(DOWN)).as("the failed probe paused it again").hasValueSatisfying(p -> {
            assertThat(p.until()).isEqualTo(T0.plus(PAUSE).plus(PAUSE));
            assertThat(p.failures()).isEqualTo(3);
            assertThat(p.reason()).startsWith("HTTP 500 from GET http://127.0.0.67:");
        });
    }

    @Test
    void aPauseThatEndedWhileTheServiceWasDownIsDroppedAndTheHostMetAfresh() throws Exception {
        Site site = portal(list, down);
        state.putPause(new HostPause(DOWN, T0.minusSeconds(1), 2, "HTTP 500"));

        crawler(state, clock, new SimpleMeterRegistry()).crawl(site);

        assertThat(down.hits("/doc/down.html"))
                .as("requested, and retried: the first failure is no longer a probe's")
                .hasSize(2);
        assertThat(state.pause(DOWN))
                .hasValueSatisfying(p -> assertThat(p.failures()).isEqualTo(2));
    }
}
