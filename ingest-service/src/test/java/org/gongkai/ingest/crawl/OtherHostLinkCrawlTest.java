package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * A list's links to another host are not followed (the crawl stays on its lists' hosts), and not dropped silently
 * either (session 16's trial: a 127.0.0.61 list linking {@code http://127.0.0.64/doc/ok.html}, never requested and
 * counted nowhere): each distinct one is counted once per crawl, by host, in the report's {@code otherHostLinks} and
 * {@code otherHosts} — since session 17 not as a skipped page (in every crawl, a list's header and footer links made
 * {@code skipped} and {@code gongkai.ingest.notices{outcome=skipped}} noise). An attachment on another host is no page
 * link and is not counted. The same holds for the entries of a site's feeds (RSS/Atom, sitemaps). The list on
 * 127.0.0.1, the other host 127.0.0.2.
 */
class OtherHostLinkCrawlTest {

    private final ScriptedServer server = new ScriptedServer();
    private final ScriptedServer other = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback2());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SiteCrawler crawler = CrawlFixture.loopbackCrawler(
            meters,
            new CrawlFixture.RecordingPublisher(),
            new InMemoryCrawlState(),
            TestConfigs.state("s", Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)),
            new MutableClock(Instant.parse("2026-12-06T08:00:00Z")));

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    @Test
    void linksToAnotherHostAreNotFollowedButCountedByHostAndNotAsSkippedPages() throws Exception {
        Answer notice = Answer.html(
                "<table><tr><td>索引号：</td><td>X/2026-1</td><td>发布机构：</td><td>某局</td></tr></table>" + "<p>通知正文</p>");
        server.on("/n/1.html", notice);
        other.on("/doc/ok.html", notice);
        other.on("/doc/two.html", notice);
        String ok = other.uri("/doc/ok.html").toString();
        server.on(
                "/l/index.html",
                Answer.html("<ul><li><a href=\"/n/1.html\">甲</a></li><li><a href=\"" + ok + "\">乙</a></li>"
                        + "<li><a href=\"" + ok + "#top\">乙</a></li>"
                        + "<li><a href=\"" + other.uri("/doc/two.html") + "\">丙</a></li>"
                        + "<li><a href=\"" + other.uri("/files/a.pdf") + "\">附件</a></li></ul>"));
        Site site = TestConfigs.site("o", List.of(server.uri("/l/index.html").toString()), true, 500);

        CrawlReport report = crawler.crawl(site);

        assertThat(other.hits).as("the other host is never requested").isEmpty();
        assertThat(report.published()).isEqualTo(1);
        assertThat(report.otherHostLinks())
                .as("two distinct page links to the other host (one linked twice), the PDF not counted: %s", report)
                .isEqualTo(2);
        assertThat(report.otherHosts()).containsOnly(Map.entry("127.0.0.2", 2));
        assertThat(report.toString()).contains("links to other hosts (not followed) 2 {127.0.0.2=2}");
        assertThat(report.skipped()).as("no page skipped").isZero();
        assertThat(report.skippedFor()).isEmpty();
        assertThat(meters.find("gongkai.ingest.notices")
                        .tag("outcome", NoticeOutcome.SKIPPED.tag())
                        .counter())
                .as("not counted as skipped notices")
                .isNull();

        CrawlReport again = crawler.crawl(site);

        assertThat(again.otherHostLinks()).as("counted in each crawl's report").isEqualTo(2);
        assertThat(again.skipped()).isZero();
        assertThat(other.hits).isEmpty();
    }

    @Test
    void feedEntriesOnAnotherHostAreNotFollowedButCountedOncePerCrawl() throws Exception {
        Answer notice = Answer.html(
                "<table><tr><td>索引号：</td><td>X/2026-1</td><td>发布机构：</td><td>某局</td></tr></table>" + "<p>通知正文</p>");
        server.on("/n/1.html", notice);
        server.on("/n/2.html", notice);
        other.on("/doc/ok.html", notice);
        other.on("/doc/two.html", notice);
        String ok = other.uri("/doc/ok.html").toString();
        server.on(
                "/l/index.html",
                Answer.html("<ul><li><a href=\"/n/1.html\">甲</a></li><li><a href=\"" + ok + "\">乙</a></li></ul>"));
        server.on(
                "/rss.xml",
                Answer.of(
                        200,
                        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>"
                                + server.uri("/") + "</link>"
                                + "<item><title>2</title><link>" + server.uri("/n/2.html") + "</link></item>"
                                + "<item><title>ok</title><link>" + ok + "</link></item>"
                                + "<item><title>two</title><link>" + other.uri("/doc/two.html") + "</link></item>"
                                + "<item><title>two again</title><link>" + other.uri("/doc/two.html")
                                + "</link></item>"
                                + "<item><title>pdf</title><link>" + other.uri("/files/a.pdf") + "</link></item>"
                                + "</channel></rss>",
                        "Content-Type",
                        "application/rss+xml"));
        Site site = TestConfigs.site(
                "f",
                List.of(server.uri("/l/index.html").toString()),
                true,
                500,
                10,
                List.of(server.uri("/rss.xml").toString()));

        CrawlReport report = crawler.crawl(site);

        assertThat(other.hits).as("the other host is never requested").isEmpty();
        assertThat(report.published()).isEqualTo(2);
        assertThat(report.otherHostLinks())
                .as(
                        "two distinct entries on the other host (one also on the list, one twice in the feed), the PDF"
                                + " not counted: %s",
                        report)
                .isEqualTo(2);
        assertThat(report.otherHosts()).containsOnly(Map.entry("127.0.0.2", 2));
        assertThat(report.skipped()).isZero();
    }
}
