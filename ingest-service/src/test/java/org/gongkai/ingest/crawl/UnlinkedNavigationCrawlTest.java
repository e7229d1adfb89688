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
import org.junit.jupiter.api.Test;

/**
 * A page known only as a link (a navigation page, a redirect's alias) that no list links any more is forgotten when
 * it is due in a crawl whose lists all gave their links, instead of being fetched at every {@code navigation-revisit}
 * for ever; while a list answers 304 (its links unread) it is visited when due as before. A real HTTP server on
 * 127.0.0.1; navigation pages due after 2h, full walks of the lists daily, notices due after an hour.
 */
class UnlinkedNavigationCrawlTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    private final ScriptedServer server = new ScriptedServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    private final MutableClock clock = new MutableClock(T0);
    private final SiteCrawler crawler = CrawlFixture.loopbackCrawler(
            meters,
            publisher,
            state,
            TestConfigs.state(
                    Duration.ofHours(1),
                    Duration.ofDays(7),
                    Duration.ofDays(1),
                    Duration.ofHours(2),
                    Duration.ofDays(30)),
            clock);

    @AfterEach
    void stop() {
        server.close();
    }

    private Site site() {
        return TestConfigs.site("u", List.of(server.uri("/l/index.html").toString()), true, 500);
    }

    /** The list page links these. */
    private void listing(String... hrefs) {
        server.on("/l/index.html", Answer.html(CrawlFixture.listHtml(hrefs)));
    }

    /** A first crawl of a list linking a calendar's day only: remembered as a navigation page. */
    private void dayOneRemembered() throws Exception {
        page("/cal/day1.html", "<p>12月1日：无</p>");
        listing("/cal/day1.html");
        crawler.crawl(site());
    }

    private void page(String path, String body) {
        server.on(path, Answer.html(body));
    }

    private void notice(String path) {
        page(path, "<table><tr><td>索引号：</td><td>X/2026-1</td><td>发布机构：</td><td>某局</td></tr></table><p>通知正文</p>");
    }

    private String id(String path) {
        return NoticeIds.fromUrl(server.uri(path).toString());
    }

    private int hits(String path) {
        return server.hits(path).size();
    }

    @Test
    void aNavigationPageNoListLinksAnyMoreIsForgottenWhenDueInsteadOfFetched() throws Exception {
        notice("/n/1.html");
        page("/cal/day1.html", "<p>12月1日：无</p>");
        listing("/n/1.html", "/cal/day1.html");
        crawler.crawl(site());
        assertThat(state.get(id("/cal/day1.html"))).isPresent();

        listing("/n/1.html", "/cal/day2.html");
        page("/cal/day2.html", "<p>12月2日：无</p>");
        clock.advance(Duration.ofHours(3));
        crawler.crawl(site());

        assertThat(hits("/cal/day1.html"))
                .as("not fetched again once no list links it")
                .isEqualTo(1);
        assertThat(state.get(id("/cal/day1.html"))).as("its state dropped").isEmpty();
        assertThat(state.get(id("/cal/day2.html"))).as("the page linked now").isPresent();
        assertThat(state.get(id("/n/1.html")))
                .as("a notice is not a link-only page")
                .isPresent();

        listing("/n/1.html", "/cal/day1.html", "/cal/day2.html");
        clock.advance(Duration.ofMinutes(10));
        crawler.crawl(site());

        assertThat(hits("/cal/day1.html"))
                .as("linked again: a new page, fetched once")
                .isEqualTo(2);
        assertThat(state.get(id("/cal/day1.html"))).as("and remembered").isPresent();
    }

    @Test
    void aNavigationPageNotDueYetIsKeptThoughNoListLinksIt() throws Exception {
        dayOneRemembered();
        listing();

        clock.advance(Duration.ofMinutes(30));
        crawler.crawl(site());

        assertThat(state.get(id("/cal/day1.html"))).isPresent();
    }

    @Test
    void whileTheListAnswers304ADueNavigationPageIsVisitedAsBefore() throws Exception {
        notice("/n/1.html");
        page("/cal/day1.html", "<p>12月1日：无</p>");
        server.onValidated("/l/index.html", "\"l1\"", null, CrawlFixture.listHtml("/n/1.html", "/cal/day1.html"));
        crawler.crawl(site());

        clock.advance(Duration.ofHours(3));
        CrawlReport conditional = crawler.crawl(site());

        assertThat(conditional.listPagesNotModified()).isEqualTo(1);
        assertThat(hits("/cal/day1.html"))
                .as("its links unread, the page is due")
                .isEqualTo(2);
        assertThat(state.get(id("/cal/day1.html"))).isPresent();
    }

    @Test
    void aListPageThatFailsKeepsTheNavigationPagesItMayStillLink() throws Exception {
        dayOneRemembered();
        server.on("/l/index.html", Answer.of(404, "no"));

        clock.advance(Duration.ofHours(3));
        crawler.crawl(site());

        assertThat(state.get(id("/cal/day1.html"))).isPresent();
    }

    @Test
    void aRedirectsAliasNoListLinksAnyMoreIsForgottenWhileItsTargetStaysKnown() throws Exception {
        notice("/n/1.html");
        server.on("/old/1.html", Answer.of(301, "", "Location", "/n/1.html"));
        listing("/old/1.html");
        crawler.crawl(site());
        assertThat(state.get(id("/old/1.html"))).as("the alias").isPresent();
        listing("/n/1.html");

        clock.advance(Duration.ofHours(3));
        crawler.crawl(site());

        assertThat(hits("/old/1.html")).isEqualTo(1);
        assertThat(state.get(id("/old/1.html"))).isEmpty();
        assertThat(state.get(id("/n/1.html")))
                .hasValueSatisfying(s -> assertThat(s.wasPublished()).isTrue());
        assertThat(publisher.notices).hasSize(1);
    }
}
