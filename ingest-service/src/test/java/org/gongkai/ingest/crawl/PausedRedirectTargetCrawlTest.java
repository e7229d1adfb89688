package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A crawl whose only held-back pages are on a paused host other than its lists' (session 17's trial: {@code
 * /go/down} 302 to a host that answers only 500, paused) went to its end: its list validators are kept, the next
 * crawl asks the list conditionally and does not page to the end, and the held-back link stays due and is followed
 * once the host answers again. A pause of the lists' own host (or of the host a list URL redirected to) still leaves
 * the crawl incomplete. The list on 127.0.0.81, the redirect target on 127.0.0.82, a moved list on 127.0.0.83 (this
 * test's own hosts); one failure pauses a host for {@link #PAUSE} (wall-clock, as the politeness measures it), and a
 * turn further than 1 s away is not waited for.
 */
class PausedRedirectTargetCrawlTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");
    private static final String LM = "Sun, 06 Dec 2026 07:00:00 GMT";
    private static final Duration PAUSE = Duration.ofSeconds(5);

    private final ScriptedServer server = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(81));
    private final ScriptedServer other = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(82));
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    private final MutableClock clock = new MutableClock(T0);
    // known notices are due again after an hour: the crawls minutes apart fetch list pages and held-back links only
    private final SiteCrawler crawler =
            CrawlFixture.faultingCrawler(publisher, state, clock, TestConfigs.pausing(1, PAUSE, Duration.ofSeconds(1)));

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    private Site site() {
        return TestConfigs.site("p", List.of(server.uri("/l/index.html").toString()), true, 500);
    }

    /** A list page linking {@code hrefs}, page {@code index} of {@code pages} (createPageHTML series). */
    private static String list(int index, int pages, String... hrefs) {
        StringBuilder html = new StringBuilder("<html><head><meta charset=\"utf-8\"></head><body><ul>");
        for (String href : hrefs) {
            html.append("<li><a href=\"").append(href).append("\">通知</a></li>");
        }
        return html.append("</ul><script>createPageHTML(")
                .append(pages)
                .append(", ")
                .append(index)
                .append(", \"index\", \"html\");</script></body></html>")
                .toString();
    }

    private static Answer notice(String number) {
        return Answer.html("<table><tr><td>索引号：</td><td>X/2026-" + number
                + "</td><td>发布机构：</td><td>某局</td></tr></table><p>通知正文 " + number + "</p>");
    }

    private Map<String, List<String>> lastHeaders(String path) {
        List<ScriptedServer.Hit> hits = server.hits(path);
        return hits.get(hits.size() - 1).headers();
    }

    private List<String> publishedPaths() {
        return publisher.notices.stream()
                .map(n -> URI.create(n.url()).getPath())
                .toList();
    }

    @Test
    void aCrawlHoldingBackOnlyAPausedRedirectTargetsPageIsCompleteAndTheHeldBackLinkIsFollowedOnceTheHostAnswers()
            throws Exception {
        other.on("/doc/down.html", Answer.of(500, "error"));
        server.on(
                "/go/down",
                Answer.of(302, "", "Location", other.uri("/doc/down.html").toString()));
        server.on("/n/1.html", notice("1"));
        server.on("/n/2.html", notice("2"));
        // the redirect first on the list, as in the trial; page 2 holds an older notice
        server.onValidated("/l/index.html", "\"p1\"", LM, list(0, 2, "/go/down", "/n/1.html"));
        server.onValidated("/l/index_1.html", "\"p2\"", LM, list(1, 2, "/n/2.html"));

        CrawlReport first = crawler.crawl(site());

        assertThat(other.hits("/doc/down.html"))
                .as("its 500 pauses the host: the retry is not sent")
                .hasSize(1);
        assertThat(first.deferred()).as("%s", first).isEqualTo(1);
        assertThat(first.complete())
                .as("only a redirect target's host was deferred, the lists gave every link: %s", first)
                .isTrue();
        assertThat(publishedPaths()).containsExactlyInAnyOrder("/n/1.html", "/n/2.html");
        clock.advance(Duration.ofMinutes(5));

        CrawlReport second = crawler.crawl(site());

        assertThat(lastHeaders("/l/index.html"))
                .as("the list is asked with the validators of the crawl before")
                .containsEntry("If-none-match", List.of("\"p1\""));
        assertThat(second.listPagesNotModified()).as("%s", second).isEqualTo(1);
        assertThat(server.hits("/l/index_1.html"))
                .as("the list is not paged to its end again")
                .hasSize(1);
        assertThat(server.hits("/go/down"))
                .as("the held-back link is due although its list answered 304")
                .hasSize(2);
        assertThat(other.hits("/doc/down.html")).as("its host is still paused").hasSize(1);
        assertThat(second.deferred()).isEqualTo(1);
        assertThat(second.complete()).isTrue();

        other.on("/doc/down.html", notice("down"));
        List<CrawlReport> later = new ArrayList<>();
        // the pause is wall-clock time: crawl, as the scheduler would, until the host has its turn again
        await().atMost(PAUSE.multipliedBy(4))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    clock.advance(Duration.ofMinutes(5));
                    later.add(crawler.crawl(site()));
                    assertThat(publishedPaths()).contains("/doc/down.html");
                });

        assertThat(other.hits("/doc/down.html"))
                .as("requested again only once its host had its turn")
                .hasSize(2);
        assertThat(later).allSatisfy(report -> {
            assertThat(report.complete()).isTrue();
            assertThat(report.listPagesNotModified()).isEqualTo(1);
        });
        assertThat(server.hits("/l/index_1.html")).hasSize(1);
    }

    @Test
    void aPauseOfTheListsOwnHostStillLeavesTheCrawlIncomplete() throws Exception {
        server.on("/n/bad.html", Answer.of(500, "error"));
        server.on("/n/2.html", notice("2"));
        server.onValidated("/l/index.html", "\"p1\"", LM, list(0, 1, "/n/bad.html", "/n/2.html"));

        CrawlReport report = crawler.crawl(site());

        assertThat(server.hits("/n/2.html"))
                .as("the list's host is paused after its page's 500")
                .isEmpty();
        assertThat(report.deferred()).as("%s", report).isEqualTo(2);
        assertThat(report.complete())
                .as("pages the list links were held back: only a walk of the list finds them again")
                .isFalse();
        assertThat(state.mark("p"))
                .hasValueSatisfying(mark -> assertThat(mark.lists()).isEmpty());
    }

    @Test
    void aPauseOfTheHostAListRedirectedToStillLeavesTheCrawlIncomplete() throws Exception {
        try (ScriptedServer moved = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(83))) {
            server.on(
                    "/l/index.html",
                    Answer.of(301, "", "Location", moved.uri("/l/index.html").toString()));
            moved.on(
                    "/l/index.html",
                    Answer.html("<ul><li><a href=\"/n/bad.html\">甲</a></li>"
                            + "<li><a href=\"/n/2.html\">乙</a></li></ul>"));
            moved.on("/n/bad.html", Answer.of(500, "error"));
            moved.on("/n/2.html", notice("2"));

            CrawlReport report = crawler.crawl(site());

            assertThat(moved.hits("/n/2.html"))
                    .as("the host the list moved to is paused after its page's 500")
                    .isEmpty();
            assertThat(report.deferred()).as("%s", report).isEqualTo(2);
            assertThat(report.complete())
                    .as("the list's links are on the host it answered from: its pause holds back the list's pages")
                    .isFalse();
        }
    }
}
