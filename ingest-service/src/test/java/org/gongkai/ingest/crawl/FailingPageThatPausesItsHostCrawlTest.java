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
 * A host reached only through a redirect whose page answers 5xx, with {@code pause-after-failures} 6 and 3 requests a
 * visit (1 + 2 retries), so that the page's own retries pause its host at its second visit (session 18's trial,
 * findings 2 and 7). Whether the 500 is the page's fault or the host's is decided by the robots.txt probe, which is
 * asked even when the last retry just paused the host; a host whose robots.txt answers 404 is no more up for it and
 * is paused as any failing host. Real HTTP servers on loopback (127.0.0.74, .75); the pause runs on the wall clock
 * (30 minutes: it lasts for the test), revisits on the test's clock (1 h to 1 d).
 */
class FailingPageThatPausesItsHostCrawlTest {

    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    private final ScriptedServer server = new ScriptedServer();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    private final MutableClock clock = new MutableClock(T0);
    private final SiteCrawler crawler = CrawlFixture.faultingCrawler(
            publisher, state, clock, TestConfigs.pausing(6, Duration.ofMinutes(30), Duration.ofSeconds(5)));

    @AfterEach
    void stop() {
        server.close();
    }

    private Site site() {
        return TestConfigs.site("p", List.of(server.uri("/l/index.html").toString()), true, 500);
    }

    /** The list links {@code /go/x}, which redirects to {@code target}'s {@code /doc/x.html}. */
    private String redirectTo(ScriptedServer target) {
        server.on(
                "/go/x",
                Answer.of(302, "", "Location", target.uri("/doc/x.html").toString()));
        server.on("/l/index.html", Answer.html(CrawlFixture.listHtml("/go/x")));
        return NoticeIds.fromUrl(target.uri("/doc/x.html").toString());
    }

    @Test
    void aPageWhoseOwnRetriesPauseAHostThatServesItsRobotsTxtIsStillAPageFault() throws Exception {
        try (ScriptedServer host = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(74))) {
            host.on(
                    "/robots.txt",
                    Answer.of(200, "User-agent: *\nDisallow: /private/\n", "Content-Type", "text/plain"));
            host.on("/doc/x.html", Answer.of(500, "error"));
            String target = redirectTo(host);
            crawler.crawl(site());
            assertThat(state.get(target))
                    .as("robots.txt fetched in the crawl: a page fault, 3 failures towards the host's pause")
                    .hasValueSatisfying(s -> assertThat(s.faults()).isEqualTo(1));

            clock.advance(Duration.ofMinutes(70));
            CrawlReport second = crawler.crawl(site());

            assertThat(host.hits("/doc/x.html"))
                    .as("due again: 1 + 2 retries, the last pausing the host")
                    .hasSize(6);
            assertThat(host.hits("/robots.txt"))
                    .as("its rules cached; the probe asked although the page's last failure paused the host")
                    .hasSize(2);
            assertThat(state.get(target))
                    .as("the host served its robots.txt: the page's own fault, its retry doubling (%s)", second)
                    .hasValueSatisfying(s -> {
                        assertThat(s.faults()).isEqualTo(2);
                        assertThat(s.nextVisit())
                                .isEqualTo(T0.plus(Duration.ofMinutes(70)).plus(Duration.ofHours(2)));
                    });

            clock.advance(Duration.ofHours(2));
            CrawlReport third = crawler.crawl(site());

            assertThat(host.hits("/doc/x.html"))
                    .as("the host answered the probe, so its pause is over: the page is asked at its retry (%s)", third)
                    .hasSize(9);
            assertThat(state.get(target))
                    .hasValueSatisfying(s -> assertThat(s.faults()).isEqualTo(3));
        }
    }

    @Test
    void aHostReachedOnlyThroughARedirectWhoseRobotsTxtAnswers404IsPausedAfterItsFailuresAcrossCrawls()
            throws Exception {
        // a front proxy answers 404 for robots.txt (an unscripted path) while the site behind it is down
        try (ScriptedServer down = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(75))) {
            down.on("/doc/x.html", Answer.of(503, "down"));
            String target = redirectTo(down);

            crawler.crawl(site());
            assertThat(down.hits("/doc/x.html")).as("1 + 2 retries").hasSize(3);
            clock.advance(Duration.ofMinutes(10));
            crawler.crawl(site());
            assertThat(down.hits("/doc/x.html"))
                    .as("a host fault, tried again: its 6th failure pauses the host")
                    .hasSize(6);
            assertThat(state.get(target)).as("a host fault: no fault record").isEmpty();

            clock.advance(Duration.ofMinutes(10));
            CrawlReport paused = crawler.crawl(site());

            assertThat(down.hits("/doc/x.html"))
                    .as("paused: not requested (%s)", paused)
                    .hasSize(6);
            assertThat(paused.deferred()).isEqualTo(1);
        }
    }
}
