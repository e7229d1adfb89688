package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A list link that redirects to a host paused in the middle of the crawl (session 16's trial: {@code /go/lonely}
 * 302 to a host that answers 500 and is paused after its failures) defers the target's host, not the list's own:
 * the list host's later pages are fetched in the same crawl. The list on 127.0.0.1, the redirect target on
 * 127.0.0.2; a host is paused after its first failure, longer than the longest wait for a turn.
 */
class RedirectToPausedHostCrawlTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    private final ScriptedServer server = new ScriptedServer();
    private final ScriptedServer other = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback2());
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    // one failure pauses a host for 30 min; a turn further than 1 s away is not waited for
    private final SiteCrawler crawler = CrawlFixture.faultingCrawler(
            publisher,
            state,
            new MutableClock(T0),
            TestConfigs.pausing(1, Duration.ofMinutes(30), Duration.ofSeconds(1)));

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    private Site site() {
        return TestConfigs.site("p", List.of(server.uri("/l/index.html").toString()), true, 500);
    }

    private static Answer notice() {
        return Answer.html(
                "<table><tr><td>索引号：</td><td>X/2026-1</td><td>发布机构：</td><td>某局</td></tr></table>" + "<p>通知正文</p>");
    }

    @Test
    void aRedirectToAPausedHostDefersThatHostAndNotTheListsOwn() throws Exception {
        other.on("/doc/lonely.html", Answer.of(500, "error"));
        other.on("/doc/other.html", notice());
        server.on(
                "/go/lonely",
                Answer.of(302, "", "Location", other.uri("/doc/lonely.html").toString()));
        server.on(
                "/go/other",
                Answer.of(302, "", "Location", other.uri("/doc/other.html").toString()));
        server.on("/n/1.html", notice());
        server.on("/n/2.html", notice());
        server.on(
                "/l/index.html",
                Answer.html("<ul><li><a href=\"/go/lonely\">甲</a></li><li><a href=\"/n/1.html\">乙</a></li>"
                        + "<li><a href=\"/go/other\">丙</a></li><li><a href=\"/n/2.html\">丁</a></li></ul>"));

        CrawlReport report = crawler.crawl(site());

        assertThat(other.hits("/doc/lonely.html"))
                .as("its first answer fails and pauses the host: the retry is not sent")
                .hasSize(1);
        assertThat(server.hits("/n/1.html"))
                .as("the list's own host is not deferred: %s", report)
                .hasSize(1);
        assertThat(server.hits("/n/2.html")).hasSize(1);
        assertThat(server.hits("/go/other"))
                .as("the link on the list's host is requested")
                .hasSize(1);
        assertThat(other.hits("/doc/other.html"))
                .as("the paused host's other target is deferred")
                .isEmpty();
        assertThat(report.deferred()).as("%s", report).isEqualTo(2);
        assertThat(report.published()).isEqualTo(2);
    }
}
