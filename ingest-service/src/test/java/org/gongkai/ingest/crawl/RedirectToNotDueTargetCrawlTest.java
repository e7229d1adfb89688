package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A redirecting link listed before its target's own link (session 15's trial: {@code moving.html}, now 302 to
 * {@code a1.html}, first on the list): a target known in the crawl state and not due is not requested through the
 * link — the chain stops at that hop, the link keeps its alias, the target its schedule; a due target is fetched
 * through the link as before. A real HTTP server on 127.0.0.1; revisits between 1h and 1d.
 */
class RedirectToNotDueTargetCrawlTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    private final ScriptedServer server = new ScriptedServer();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    private final MutableClock clock = new MutableClock(T0);
    private final SiteCrawler crawler = CrawlFixture.loopbackCrawler(
            new SimpleMeterRegistry(),
            publisher,
            state,
            TestConfigs.state("s", Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)),
            clock);

    @AfterEach
    void stop() {
        server.close();
    }

    @BeforeEach
    void targetKnown() throws Exception {
        server.on(
                "/a1.html",
                Answer.html("<table><tr><td>索引号：</td><td>X/2026-1</td><td>发布机构：</td><td>某局</td></tr></table>"
                        + "<p>通知正文</p>"));
        listing("/a1.html");
        crawler.crawl(site());
        assertThat(publisher.notices).hasSize(1);
        // the alias appears: it redirects to the notice, and is listed before the notice's own link
        server.on("/moving.html", Answer.of(302, "", "Location", "/a1.html"));
        listing("/moving.html", "/a1.html");
    }

    private Site site() {
        return TestConfigs.site("r", List.of(server.uri("/l/index.html").toString()), true, 500);
    }

    private void listing(String... hrefs) {
        StringBuilder html = new StringBuilder("<ul>");
        for (String href : hrefs) {
            html.append("<li><a href=\"").append(href).append("\">链接</a></li>");
        }
        server.on("/l/index.html", Answer.html(html.append("</ul>").toString()));
    }

    private String id(String path) {
        return NoticeIds.fromUrl(server.uri(path).toString());
    }

    @Test
    void aRedirectToAKnownPageNotDueStopsAtTheHopWithoutRequestingIt() throws Exception {
        UrlState before = state.get(id("/a1.html")).orElseThrow();
        clock.advance(Duration.ofMinutes(10));

        CrawlReport report = crawler.crawl(site());

        assertThat(server.hits("/moving.html")).as("the new link is requested").hasSize(1);
        assertThat(server.hits("/a1.html"))
                .as("the target, not due, is not requested through the link (nor directly)")
                .hasSize(1);
        assertThat(report.skippedFor()).containsEntry(SkipReason.REDIRECT_TO_NOT_DUE.label(), 1);
        assertThat(report.problems()).isEmpty();
        assertThat(state.get(id("/a1.html")))
                .as("the target keeps its schedule")
                .contains(before);
        assertThat(state.get(id("/moving.html")))
                .as("the link is remembered as an alias")
                .hasValueSatisfying(alias -> {
                    assertThat(alias.wasPublished()).isFalse();
                    assertThat(alias.fault()).isNull();
                });
        assertThat(publisher.notices).hasSize(1);
    }

    @Test
    void aDueTargetIsStillFetchedThroughTheLinkOnce() throws Exception {
        clock.advance(Duration.ofHours(2));

        CrawlReport report = crawler.crawl(site());

        assertThat(server.hits("/a1.html"))
                .as("due: fetched through the link, its direct link then handled")
                .hasSize(2);
        assertThat(server.hits("/moving.html")).hasSize(1);
        assertThat(report.unchanged()).as("%s", report).isEqualTo(1);
        assertThat(report.skippedFor()).doesNotContainKey(SkipReason.REDIRECT_TO_NOT_DUE.label());
        assertThat(state.get(id("/a1.html")))
                .hasValueSatisfying(s -> assertThat(s.lastSeen()).isEqualTo(T0.plus(Duration.ofHours(2))));
    }
}
