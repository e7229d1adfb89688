package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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
 * List pages and feeds are asked with the validators they answered in the last crawl; a 304 ends the walk of its
 * list ({@link ListRevalidation}). A real HTTP server on 127.0.0.1 that honours If-None-Match / If-Modified-Since.
 */
class ConditionalListCrawlTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final String LM = "Mon, 02 Mar 2026 07:00:00 GMT";

    private final ScriptedServer server = new ScriptedServer();
    private final ScriptedServer other = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback2());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    private final MutableClock clock = new MutableClock(T0);
    private final SiteCrawler crawler;

    ConditionalListCrawlTest() {
        // known notices are due again after an hour (less half revisit-min of slack): a crawl 20 min later asks lists
        // only
        crawler = CrawlFixture.loopbackCrawler(
                meters,
                publisher,
                state,
                TestConfigs.state("s", Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(7)),
                clock);
    }

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    private Site site(String listPath, List<String> feedPaths) {
        return TestConfigs.site(
                "c",
                List.of(server.uri(listPath).toString()),
                true,
                500,
                10,
                feedPaths.stream().map(p -> server.uri(p).toString()).toList());
    }

    /** A list page linking notices /n/{i}.html, page {@code index} of {@code pages} (createPageHTML series). */
    private static String list(int index, int pages, int... ids) {
        StringBuilder html = new StringBuilder("<html><head><meta charset=\"utf-8\"></head><body><ul>");
        for (int i : ids) {
            html.append("<li><a href=\"/n/")
                    .append(i)
                    .append(".html\">通知")
                    .append(i)
                    .append("</a></li>");
        }
        return html.append("</ul><script>createPageHTML(")
                .append(pages)
                .append(", ")
                .append(index)
                .append(", \"index\", \"html\");</script></body></html>")
                .toString();
    }

    private void notices(int... ids) {
        for (int i : ids) {
            server.on("/n/" + i + ".html", notice(i));
        }
    }

    private static Answer notice(int i) {
        return Answer.of(
                200,
                "<html><head><meta charset=\"utf-8\"></head><body><table><tr><td>索引号：</td><td>X/2026-" + i
                        + "</td><td>发布机构：</td><td>某局</td></tr></table><p>通知正文 " + i + "</p></body></html>",
                "Content-Type",
                "text/html");
    }

    private List<String> publishedPaths() {
        return publisher.notices.stream()
                .map(n -> URI.create(n.url()).getPath())
                .toList();
    }

    /** Paths requested since the last clear, robots.txt left out. */
    private List<String> requested() {
        return server.hits.stream()
                .map(ScriptedServer.Hit::path)
                .filter(p -> !p.equals("/robots.txt"))
                .toList();
    }

    private Map<String, List<String>> lastHeaders(String path) {
        List<ScriptedServer.Hit> hits = server.hits(path);
        return hits.get(hits.size() - 1).headers();
    }

    @Test
    void anUnchangedFirstListPageAnswers304AndNothingElseIsRequestedOrPublished() throws Exception {
        notices(1, 2, 3, 4);
        server.onValidated("/l/index.html", "\"p1\"", LM, list(0, 2, 4, 3));
        server.onValidated("/l/index_1.html", "\"p2\"", LM, list(1, 2, 2, 1));
        CrawlReport first = crawler.crawl(site("/l/index.html", List.of()));
        assertThat(first.published()).isEqualTo(4);
        assertThat(lastHeaders("/l/index.html")).doesNotContainKeys("If-none-match", "If-modified-since");
        server.hits.clear();
        publisher.notices.clear();
        clock.advance(Duration.ofMinutes(20));

        CrawlReport second = crawler.crawl(site("/l/index.html", List.of()));

        assertThat(lastHeaders("/l/index.html"))
                .containsEntry("If-none-match", List.of("\"p1\""))
                .containsEntry("If-modified-since", List.of(LM));
        assertThat(requested()).containsExactly("/l/index.html");
        assertThat(second.listPagesNotModified()).isEqualTo(1);
        assertThat(second.listPages()).isZero();
        assertThat(second.published()).isZero();
        assertThat(second.complete()).isTrue();
        assertThat(publisher.notices).isEmpty();
    }

    @Test
    void aChangedFirstListPageIsWalkedItsNewNoticePublishedAndAnUnchangedSecondPageAnswers304() throws Exception {
        notices(1, 2, 3, 4, 5);
        server.onValidated("/l/index.html", "\"p1\"", LM, list(0, 2, 4, 3));
        server.onValidated("/l/index_1.html", "\"p2\"", null, list(1, 2, 2, 1));
        crawler.crawl(site("/l/index.html", List.of()));
        server.hits.clear();
        publisher.notices.clear();
        clock.advance(Duration.ofMinutes(20));
        server.onValidated("/l/index.html", "\"p1b\"", "Mon, 02 Mar 2026 08:20:00 GMT", list(0, 2, 5, 4, 3));

        CrawlReport second = crawler.crawl(site("/l/index.html", List.of()));

        assertThat(publishedPaths()).containsExactly("/n/5.html");
        assertThat(requested()).containsExactly("/l/index.html", "/n/5.html", "/l/index_1.html");
        assertThat(lastHeaders("/l/index_1.html")).containsEntry("If-none-match", List.of("\"p2\""));
        assertThat(second.listPages()).isEqualTo(1);
        assertThat(second.listPagesNotModified()).isEqualTo(1);
        server.hits.clear();
        clock.advance(Duration.ofMinutes(5));

        crawler.crawl(site("/l/index.html", List.of()));

        assertThat(lastHeaders("/l/index.html"))
                .as("the new validators of the changed page are sent")
                .containsEntry("If-none-match", List.of("\"p1b\""));
    }

    @Test
    void aLinkedPageThatFailedForItsHostIsFoundAgainBecauseTheNextWalkIsUnconditional() throws Exception {
        notices(1);
        // a host fault: since session 15 a 5xx of a host that answered the crawl's list is the page's own fault, so
        // the link leads to a host that answers nothing else (127.0.0.2)
        server.on(
                "/n/2.html",
                Answer.of(302, "", "Location", other.uri("/n/2.html").toString()));
        other.on("/n/2.html", Answer.of(503, "busy"), notice(2));
        server.onValidated("/l/index.html", "\"p1\"", LM, list(0, 1, 2, 1));
        CrawlReport first = crawler.crawl(site("/l/index.html", List.of()));
        assertThat(first.failed()).isEqualTo(1);
        assertThat(first.complete())
                .as("a host fault does not make the crawl incomplete")
                .isTrue();
        server.hits.clear();
        publisher.notices.clear();
        clock.advance(Duration.ofMinutes(20));

        CrawlReport second = crawler.crawl(site("/l/index.html", List.of()));

        assertThat(lastHeaders("/l/index.html")).doesNotContainKeys("If-none-match", "If-modified-since");
        assertThat(second.listPagesNotModified()).isZero();
        assertThat(publishedPaths()).containsExactly("/n/2.html");
    }

    @Test
    void aPortalWhoseValidatorsNeverChangeHidesANewNoticeOnlyUntilTheNextFullWalk() throws Exception {
        notices(1, 2, 3);
        server.onValidated("/l/index.html", "\"fixed\"", null, list(0, 1, 2, 1));
        crawler.crawl(site("/l/index.html", List.of()));
        publisher.notices.clear();
        server.onValidated("/l/index.html", "\"fixed\"", null, list(0, 1, 3, 2, 1));
        clock.advance(Duration.ofHours(23));

        CrawlReport within = crawler.crawl(site("/l/index.html", List.of()));
        assertThat(within.listPagesNotModified()).isEqualTo(1);
        assertThat(publishedPaths()).isEmpty();

        clock.advance(Duration.ofHours(1));
        CrawlReport fullWalk = crawler.crawl(site("/l/index.html", List.of()));

        assertThat(lastHeaders("/l/index.html")).doesNotContainKey("If-none-match");
        assertThat(fullWalk.listPagesNotModified()).isZero();
        assertThat(publishedPaths()).contains("/n/3.html");
    }

    @Test
    void aFeedAnswers304ButASitemapIndexIsReadInFullEveryTime() throws Exception {
        notices(1, 2, 3);
        server.onValidated("/l/index.html", "\"p1\"", LM, list(0, 1, 1));
        server.onValidated(
                "/sitemap_index.xml",
                "text/xml",
                "\"i1\"",
                null,
                "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                        + "<sitemap><loc>" + server.uri("/sitemap_1.xml") + "</loc></sitemap></sitemapindex>");
        server.onValidated(
                "/sitemap_1.xml",
                "text/xml",
                "\"s1\"",
                null,
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                        + "<url><loc>" + server.uri("/n/2.html") + "</loc></url>"
                        + "<url><loc>" + server.uri("/n/3.html") + "</loc></url></urlset>");
        Site site = site("/l/index.html", List.of("/sitemap_index.xml"));
        assertThat(crawler.crawl(site).published()).isEqualTo(3);
        server.hits.clear();
        clock.advance(Duration.ofMinutes(20));

        CrawlReport second = crawler.crawl(site);

        assertThat(requested()).containsExactly("/l/index.html", "/sitemap_index.xml", "/sitemap_1.xml");
        assertThat(lastHeaders("/sitemap_index.xml")).doesNotContainKey("If-none-match");
        assertThat(lastHeaders("/sitemap_1.xml")).containsEntry("If-none-match", List.of("\"s1\""));
        assertThat(second.listPagesNotModified()).isEqualTo(2);
        assertThat(second.listPages()).as("the index").isEqualTo(1);
        assertThat(second.published()).isZero();
    }
}
