package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
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
 * A page that answers 500 after its retries while its host answers the crawl's other requests is the page's own
 * fault (session 15's trial: {@code broken.html}, 3 requests in every crawl for ever): recorded in its state, it
 * waits for its retry time ({@code revisit-min}, doubling) instead of costing 1 + retries requests at every crawl. A
 * host that answers nothing but 5xx in a crawl is having an outage: its pages get no record and are tried again at
 * the next crawl. A real HTTP server on 127.0.0.1; revisits between 1h and 1d, 2 retries a fetch.
 */
class FailingPageOfAnsweringHostCrawlTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    private final ScriptedServer server = new ScriptedServer();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    private final MutableClock clock = new MutableClock(T0);
    // short backoffs; no pause within the test (the pause runs on the wall clock)
    private final SiteCrawler crawler = CrawlFixture.faultingCrawler(
            publisher, state, clock, TestConfigs.pausing(100, Duration.ofMinutes(30), Duration.ofSeconds(5)));

    /** 127.0.0.2: another host on loopback. */
    static InetAddress loopback2() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 127.0.0.{@code last}: another host on loopback (this test's own: 71–79). */
    static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Site site() {
        return TestConfigs.site("f", List.of(server.uri("/l/index.html").toString()), true, 500);
    }

    private void listing(String... urls) {
        server.on("/l/index.html", Answer.html(CrawlFixture.listHtml(urls)));
    }

    private void notice(ScriptedServer on, String path) {
        on.on(
                path,
                Answer.html("<table><tr><td>索引号：</td><td>X/2026-1</td><td>发布机构：</td><td>某局</td></tr></table>"
                        + "<p>通知正文</p>"));
    }

    @Test
    void aPageAlwaysAnswering500OnAHostThatAnswersBacksOffAcrossCrawls() throws Exception {
        notice(server, "/n/1.html");
        server.on("/n/broken.html", Answer.of(500, "error"));
        listing("/n/broken.html", "/n/1.html");
        String broken = NoticeIds.fromUrl(server.uri("/n/broken.html").toString());

        CrawlReport first = crawler.crawl(site());

        assertThat(server.hits("/n/broken.html")).as("1 + 2 retries").hasSize(3);
        assertThat(first.problems()).extracting(CrawlReport.Problem::reason).containsExactly("HTTP 500");
        assertThat(state.get(broken)).as("a page fault of its own").hasValueSatisfying(s -> {
            assertThat(s.faults()).isEqualTo(1);
            assertThat(s.status()).isEqualTo(500);
            assertThat(s.firstFault()).isEqualTo(T0);
            assertThat(s.nextVisit()).isEqualTo(T0.plus(Duration.ofHours(1)));
        });

        clock.advance(Duration.ofMinutes(20));
        crawler.crawl(site());
        assertThat(server.hits("/n/broken.html"))
                .as("not due before revisit-min: not requested")
                .hasSize(3);

        clock.advance(Duration.ofMinutes(50));
        crawler.crawl(site());
        assertThat(server.hits("/n/broken.html")).as("due: tried again").hasSize(6);
        assertThat(state.get(broken)).hasValueSatisfying(s -> {
            assertThat(s.faults()).isEqualTo(2);
            assertThat(s.nextVisit())
                    .as("the retry doubles")
                    .isEqualTo(T0.plus(Duration.ofMinutes(70)).plus(Duration.ofHours(2)));
        });
    }

    @Test
    void pagesOfAHostThatAnswersOnly500AreNotRecordedAndAreTriedAgainNextCrawl() throws Exception {
        notice(server, "/n/x.html");
        notice(server, "/n/y.html");
        listing("/n/x.html", "/n/y.html");
        crawler.crawl(site());
        UrlState x = state.get(id("/n/x.html")).orElseThrow();
        // an outage: the list and every page answer 5xx; the known pages are due and visited all the same
        server.on("/l/index.html", Answer.of(500, "down"));
        server.on("/n/x.html", Answer.of(500, "down"));
        server.on("/n/y.html", Answer.of(503, "down"));
        clock.advance(Duration.ofHours(2));

        CrawlReport outage = crawler.crawl(site());

        assertThat(server.hits("/n/x.html")).as("1 + 1 + 2 retries").hasSize(4);
        assertThat(server.hits("/n/y.html")).hasSize(4);
        assertThat(outage.problems())
                .extracting(CrawlReport.Problem::url)
                .contains(server.uri("/n/x.html").toString());
        assertThat(state.get(id("/n/x.html"))).as("a host fault: no record").contains(x);
        assertThat(state.get(id("/n/y.html")))
                .hasValueSatisfying(s -> assertThat(s.faults()).isZero());

        clock.advance(Duration.ofMinutes(20));
        crawler.crawl(site());

        assertThat(server.hits("/n/x.html")).as("tried again at the next crawl").hasSize(7);
        assertThat(server.hits("/n/y.html")).hasSize(7);
    }

    @Test
    void aPageFailingOnAHostThatAnsweredOnlyItsRobotsTxtInTheCrawlIsAPageFault() throws Exception {
        // session 16's trial: /go/lonely 302 to another host that answers its robots.txt and 500 for the page
        try (ScriptedServer lonely = new ScriptedServer(loopback2())) {
            String target = redirectToFailingPageOf(lonely);

            CrawlReport first = crawler.crawl(site());

            assertThat(lonely.hits("/robots.txt")).hasSize(1);
            assertThat(lonely.hits("/doc/lonely.html")).as("1 + 2 retries").hasSize(3);
            assertThat(state.get(target))
                    .as("its host answered robots.txt in this crawl: the page's own fault (%s)", first)
                    .hasValueSatisfying(s -> {
                        assertThat(s.faults()).isEqualTo(1);
                        assertThat(s.status()).isEqualTo(500);
                        assertThat(s.nextVisit()).isEqualTo(T0.plus(Duration.ofHours(1)));
                    });

            clock.advance(Duration.ofMinutes(20));
            crawler.crawl(site());
            assertThat(lonely.hits("/doc/lonely.html"))
                    .as("not due before revisit-min: not requested")
                    .hasSize(3);
        }
    }

    @Test
    void aRobotsTxt404DoesNotShowItsHostUpSoAFailingPageThereStaysAHostFault() throws Exception {
        // a front proxy answers 404 for robots.txt while the site behind it is down
        try (ScriptedServer down = new ScriptedServer(loopback2())) {
            down.on("/doc/x.html", Answer.of(503, "down"));
            server.on(
                    "/go/x",
                    Answer.of(302, "", "Location", down.uri("/doc/x.html").toString()));
            listing("/go/x");

            crawler.crawl(site());

            assertThat(down.hits("/robots.txt")).hasSize(1);
            assertThat(down.hits("/doc/x.html")).as("1 + 2 retries").hasSize(3);
            assertThat(state.get(NoticeIds.fromUrl(down.uri("/doc/x.html").toString())))
                    .as("a host fault: no record")
                    .isEmpty();
        }
    }

    @Test
    void aPageFailingBehindARedirectStaysAPageFaultInCrawlsThatReuseItsHostsCachedRobotsTxt() throws Exception {
        // session 16's leftover: robots.txt is fetched once in 12 h, so only that crawl saw the target host up;
        // in the next ones the 500 was a host fault again (no record, 3 requests a crawl, towards the host's pause)
        try (ScriptedServer lonely = new ScriptedServer(loopback(71))) {
            String target = redirectToFailingPageOf(lonely);
            crawler.crawl(site());
            assertThat(state.get(target))
                    .hasValueSatisfying(s -> assertThat(s.faults()).isEqualTo(1));

            clock.advance(Duration.ofMinutes(70));
            CrawlReport second = crawler.crawl(site());

            assertThat(lonely.hits("/doc/lonely.html"))
                    .as("due again: 1 + 2 retries")
                    .hasSize(6);
            assertThat(lonely.hits("/robots.txt"))
                    .as("its rules cached, the host is asked for robots.txt once, after the page's 500")
                    .hasSize(2);
            assertThat(state.get(target))
                    .as("the host served its robots.txt: still the page's own fault (%s)", second)
                    .hasValueSatisfying(s -> {
                        assertThat(s.faults()).isEqualTo(2);
                        assertThat(s.nextVisit())
                                .as("the retry doubles")
                                .isEqualTo(T0.plus(Duration.ofMinutes(70)).plus(Duration.ofHours(2)));
                    });
        }
    }

    @Test
    void aHostThatNoLongerServesItsRobotsTxtIsDownSoItsFailingPageIsAHostFaultAndItsCachedRulesStay() throws Exception {
        try (ScriptedServer lonely = new ScriptedServer(loopback(72))) {
            String target = redirectToFailingPageOf(lonely);
            crawler.crawl(site());
            UrlState faulted = state.get(target).orElseThrow();
            // the host goes down: robots.txt too answers 503
            lonely.on("/robots.txt", Answer.of(503, "down"));

            clock.advance(Duration.ofMinutes(70));
            crawler.crawl(site());

            assertThat(lonely.hits("/doc/lonely.html")).hasSize(6);
            assertThat(lonely.hits("/robots.txt")).as("asked once, not retried").hasSize(2);
            assertThat(state.get(target)).as("a host fault: no record").contains(faulted);

            clock.advance(Duration.ofMinutes(10));
            crawler.crawl(site());

            assertThat(lonely.hits("/doc/lonely.html"))
                    .as("tried again next crawl: the failed probe neither deferred the host nor changed its rules")
                    .hasSize(9);
            assertThat(lonely.hits("/robots.txt"))
                    .as("asked again, once a crawl")
                    .hasSize(3);
        }
    }

    @Test
    void aTargetHostThatRedirectsWithinItselfBeforeItsPageFailsIsUp() throws Exception {
        // no robots.txt there (404: no evidence); its own 302 is
        try (ScriptedServer target = new ScriptedServer(loopback(73))) {
            target.on(
                    "/doc/moved.html",
                    Answer.of(302, "", "Location", target.uri("/doc/bad.html").toString()));
            target.on("/doc/bad.html", Answer.of(500, "error"));
            server.on(
                    "/go/bad",
                    Answer.of(302, "", "Location", target.uri("/doc/moved.html").toString()));
            listing("/go/bad");

            CrawlReport report = crawler.crawl(site());

            assertThat(target.hits("/doc/bad.html")).hasSize(3);
            assertThat(state.get(NoticeIds.fromUrl(target.uri("/doc/bad.html").toString())))
                    .as("its host answered the hop before it with a redirect: the page's own fault (%s)", report)
                    .hasValueSatisfying(s -> assertThat(s.faults()).isEqualTo(1));
        }
    }

    /**
     * {@code lonely} serves its robots.txt and 500 for {@code /doc/lonely.html}, which the list links only through
     * {@code /go/lonely} (302; session 16's trial).
     *
     * @return the failing page's notice id
     */
    private String redirectToFailingPageOf(ScriptedServer lonely) {
        lonely.on("/robots.txt", Answer.of(200, "User-agent: *\nDisallow: /private/\n", "Content-Type", "text/plain"));
        lonely.on("/doc/lonely.html", Answer.of(500, "error"));
        server.on(
                "/go/lonely",
                Answer.of(302, "", "Location", lonely.uri("/doc/lonely.html").toString()));
        listing("/go/lonely");
        return NoticeIds.fromUrl(lonely.uri("/doc/lonely.html").toString());
    }

    private String id(String path) {
        return NoticeIds.fromUrl(server.uri(path).toString());
    }
}
