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
import tools.jackson.databind.json.JsonMapper;

/**
 * Link-only records (redirect aliases, navigation pages) as versions before session 17 wrote them, read from the
 * state topic after an upgrade: an alias saved before session 16 has no {@code target}, so the page it leads to was
 * not counted as linked through it and, failing long enough, was given up while the list still linked the alias
 * (session 16's leftover). Such a record is followed at the first crawl that links it, not at its own next visit, and
 * has its target from then on. A real HTTP server on 127.0.0.1; revisits between 1h and 1d, navigation-revisit 1d,
 * forget-faulted-after 3d.
 */
class LinkOnlyRecordsOfOlderVersionsCrawlTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ScriptedServer server = new ScriptedServer();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final MutableClock clock = new MutableClock(T0);
    private final SiteCrawler crawler = CrawlFixture.loopbackCrawler(
            new SimpleMeterRegistry(),
            new CrawlFixture.RecordingPublisher(),
            state,
            TestConfigs.state(
                    Duration.ofHours(1),
                    Duration.ofDays(1),
                    Duration.ofDays(7),
                    Duration.ofDays(1),
                    Duration.ofDays(3)),
            clock);

    @AfterEach
    void stop() {
        server.close();
    }

    private Site site() {
        return TestConfigs.site("u", List.of(server.uri("/l/index.html").toString()), true, 500);
    }

    private void listing(String... hrefs) {
        server.on("/l/index.html", Answer.html(CrawlFixture.listHtml(hrefs)));
    }

    private String url(String path) {
        return server.uri(path).toString();
    }

    private String id(String path) {
        return NoticeIds.fromUrl(url(path));
    }

    /** A link-only record of {@code path} as sessions 14–16 wrote it: no target, next visit in two days. */
    private void oldLinkOnlyRecord(String path) {
        String json = "{\"url\":\"" + url(path) + "\",\"siteId\":\"u\",\"etag\":null,\"lastModified\":null,"
                + "\"contentHash\":null,\"lastSeen\":\"2026-12-06T07:00:00Z\",\"status\":200,"
                + "\"nextVisit\":\"2026-12-08T07:00:00Z\",\"revisitSeconds\":172800,\"goneStrikes\":0,\"faults\":0,"
                + "\"fault\":null}";
        state.put(id(path), JSON.readValue(json, UrlState.class));
    }

    @Test
    void aFailingPageLinkedOnlyThroughAnAliasSavedBeforeSession16IsRetriedNotGivenUp() throws Exception {
        server.on("/go/bad", Answer.of(302, "", "Location", "/n/bad.html"));
        server.on("/n/bad.html", Answer.of(404, "no"));
        listing("/go/bad");
        oldLinkOnlyRecord("/go/bad");
        // failing for four days (forget-faulted-after 3d) and due
        state.put(
                id("/n/bad.html"),
                UrlState.faulted(
                        null,
                        url("/n/bad.html"),
                        "u",
                        T0.minus(Duration.ofDays(4)),
                        404,
                        "HTTP 404",
                        Duration.ofHours(1)));

        CrawlReport report = crawler.crawl(site());

        assertThat(report.givenUp())
                .as("still linked, through /go/bad: %s", report)
                .isZero();
        assertThat(server.hits("/go/bad"))
                .as("the old alias followed, though not due")
                .hasSize(1);
        assertThat(server.hits("/n/bad.html")).as("retried as before").hasSize(1);
        assertThat(state.get(id("/n/bad.html")))
                .hasValueSatisfying(s -> assertThat(s.faults()).isEqualTo(2));
        assertThat(state.get(id("/go/bad")))
                .as("the alias knows its target now")
                .hasValueSatisfying(alias -> assertThat(alias.target()).isEqualTo(url("/n/bad.html")));
    }

    @Test
    void anOldLinkOnlyRecordIsFollowedOnceThenKeepsItsOwnSchedule() throws Exception {
        // a navigation page of session 16 looks like an old alias: fetched once to learn which it is
        server.on("/about.html", Answer.html("<p>关于我们</p>"));
        listing("/about.html");
        oldLinkOnlyRecord("/about.html");

        crawler.crawl(site());
        clock.advance(Duration.ofHours(2));
        crawler.crawl(site());

        assertThat(server.hits("/about.html"))
                .as("once, then not before navigation-revisit")
                .hasSize(1);
        assertThat(state.get(id("/about.html")))
                .hasValueSatisfying(page -> assertThat(page.target()).isEqualTo(url("/about.html")));
    }

    @Test
    void anOldLinkOnlyRecordNoListLinksIsDroppedWhenDueAsBefore() throws Exception {
        listing();
        oldLinkOnlyRecord("/go/old");

        crawler.crawl(site());
        assertThat(state.get(id("/go/old"))).as("not due yet: kept").isPresent();

        clock.advance(Duration.ofDays(2));
        crawler.crawl(site());
        assertThat(state.get(id("/go/old"))).as("due and unlinked: dropped").isEmpty();
        assertThat(server.hits("/go/old")).isEmpty();
    }
}
