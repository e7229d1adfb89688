package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The progress of a running crawl counts the requests waiting for their host's turn at every host the crawl asked,
 * not only at its lists' hosts (session 18's trial, finding 1's leftover: "0 waiting for politeness" while the crawl
 * waited for a redirect target's host). Real HTTP servers on loopback (127.0.0.76: the target host, whose robots.txt
 * asks for a 2 s crawl delay, within the test's 5 s longest wait).
 */
class WaitingForPolitenessCrawlTest {

    private final ScriptedServer server = new ScriptedServer();
    private final SiteCrawler crawler = CrawlFixture.faultingCrawler(
            new CrawlFixture.RecordingPublisher(),
            new InMemoryCrawlState(),
            new MutableClock(Instant.parse("2026-12-07T08:00:00Z")),
            TestConfigs.pausing(100, Duration.ofMinutes(30), Duration.ofSeconds(5)));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aFetchWaitingForARedirectTargetsHostCountsAsWaitingForPoliteness() throws Exception {
        try (ScriptedServer target = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(76))) {
            target.on("/robots.txt", Answer.of(200, "User-agent: *\nCrawl-delay: 2\n", "Content-Type", "text/plain"));
            for (String page : List.of("a", "b")) {
                target.on(
                        "/doc/" + page + ".html",
                        Answer.html("<table><tr><td>索引号：</td><td>X/2026-" + page
                                + "</td><td>发布机构：</td><td>某局</td></tr></table><p>通知正文</p>"));
                server.on(
                        "/go/" + page,
                        Answer.of(
                                302,
                                "",
                                "Location",
                                target.uri("/doc/" + page + ".html").toString()));
            }
            server.on("/l/index.html", Answer.html(CrawlFixture.listHtml("/go/a", "/go/b")));
            Site site =
                    TestConfigs.site("w", List.of(server.uri("/l/index.html").toString()), true, 500);

            CompletableFuture<CrawlReport> crawl = CompletableFuture.supplyAsync(() -> {
                try {
                    return crawler.crawl(site);
                } catch (InterruptedException e) {
                    throw new CompletionException(e);
                }
            });

            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> crawler.waitingForPoliteness(site) > 0);
            CrawlReport report = crawl.get();
            assertThat(target.hits("/doc/a.html")).hasSize(1);
            assertThat(target.hits("/doc/b.html"))
                    .as("waited for, not deferred (%s)", report)
                    .hasSize(1);
            assertThat(crawler.waitingForPoliteness(site))
                    .as("the crawl is over")
                    .isZero();
        }
    }
}
