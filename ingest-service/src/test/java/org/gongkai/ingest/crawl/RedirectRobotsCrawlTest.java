package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.gongkai.ingest.site.Site;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A link on one portal redirecting to another portal (two servers on 127.0.0.1, two origins): the target is fetched
 * only when the target portal's robots.txt allows it; a disallowed target is never requested, the link ends as a
 * page fault with its reason and is not followed again before its retry time.
 */
class RedirectRobotsCrawlTest {

    private final ScriptedServer portal = new ScriptedServer();
    private final ScriptedServer other = new ScriptedServer();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    private final SiteCrawler crawler = CrawlFixture.loopbackCrawler(
            new SimpleMeterRegistry(),
            publisher,
            state,
            TestConfigs.state("s", Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(7)),
            Clock.systemUTC());

    @AfterEach
    void stop() {
        portal.close();
        other.close();
    }

    private Site portalLinking(String... paths) {
        StringBuilder html = new StringBuilder("<html><body>");
        for (String path : paths) {
            html.append("<a href=\"").append(path).append("\">通知</a>");
        }
        portal.on("/xxgk/index.html", Answer.of(200, html + "</body></html>", "Content-Type", "text/html"));
        return TestConfigs.site(
                "redirect-robots", List.of(portal.uri("/xxgk/index.html").toString()), true, 500);
    }

    private void otherServes(String path, String indexNumber) {
        other.on(path, Answer.of(200, CrawlFixture.notice("外站正文", indexNumber), "Content-Type", "text/html"));
    }

    @Test
    void aRedirectToAPathTheOtherHostsRobotsTxtDisallowsIsNeverRequested() throws Exception {
        other.on("/robots.txt", Answer.of(200, "User-agent: *\nDisallow: /private/\n", "Content-Type", "text/plain"));
        otherServes("/private/notice.html", "other/2023-00001");
        otherServes("/zwgk/notice.html", "other/2023-00002");
        portal.on(
                "/xxgk/secret.html",
                Answer.of(302, "", "Location", other.uri("/private/notice.html").toString()));
        portal.on(
                "/xxgk/open.html",
                Answer.of(302, "", "Location", other.uri("/zwgk/notice.html").toString()));
        Site site = portalLinking("secret.html", "open.html");

        CrawlReport first = crawler.crawl(site);
        CrawlReport second = crawler.crawl(site);

        assertThat(other.hits("/private/notice.html")).as("never requested").isEmpty();
        assertThat(other.hits("/zwgk/notice.html")).hasSize(1);
        assertThat(other.hits("/robots.txt")).as("read once, cached").hasSize(1);
        assertThat(publisher.notices)
                .extracting(RawNotice::noticeId)
                .containsExactly(
                        NoticeIds.fromUrl(other.uri("/zwgk/notice.html").toString()));
        assertThat(first.skippedFor()).containsEntry(SkipReason.REDIRECT_DISALLOWED.label(), 1);
        assertThat(first.problems().toString()).contains("disallowed by robots.txt");
        String secret = portal.uri("/xxgk/secret.html").toString();
        assertThat(state.get(NoticeIds.fromUrl(secret))).hasValueSatisfying(link -> {
            assertThat(link.faults()).isEqualTo(1);
            assertThat(link.fault()).contains("disallowed by robots.txt");
            assertThat(link.wasPublished()).isFalse();
        });
        assertThat(portal.hits("/xxgk/secret.html"))
                .as("the faulted link waits for its retry time (revisit-min 1h)")
                .hasSize(1);
        assertThat(second.skippedFor()).doesNotContainKey(SkipReason.REDIRECT_DISALLOWED.label());
    }
}
