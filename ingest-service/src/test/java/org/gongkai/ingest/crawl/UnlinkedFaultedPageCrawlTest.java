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
 * A page known only by its faults (never published) that no list links any more is retried until its faults have
 * run for {@code state.forget-faulted-after}, then forgotten when it is due in a crawl whose lists all gave their
 * links, instead of being retried for ever; a notice once published never is, a page the lists still link is retried,
 * and while a list answers 304 (its links unread) the page is retried as before. A real HTTP server on 127.0.0.1;
 * revisits between 1h and 1d, forget-faulted-after 3d, full walks of the lists weekly.
 */
class UnlinkedFaultedPageCrawlTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");
    private static final Duration FORGET_AFTER = Duration.ofDays(3);

    private final ScriptedServer server = new ScriptedServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    private final MutableClock clock = new MutableClock(T0);
    private final SiteCrawler crawler = crawler(FORGET_AFTER);

    private SiteCrawler crawler(Duration forgetFaultedAfter) {
        return CrawlFixture.loopbackCrawler(
                meters,
                publisher,
                state,
                TestConfigs.state(
                        Duration.ofHours(1),
                        Duration.ofDays(1),
                        Duration.ofDays(7),
                        Duration.ofHours(2),
                        forgetFaultedAfter),
                clock);
    }

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

    private void notice(String path) {
        server.on(
                path,
                Answer.html(
                        "<table><tr><td>索引号：</td><td>X/2026-1</td><td>发布机构：</td><td>某局</td></tr></table><p>通知正文</p>"));
    }

    /** A page that never answered but 404: known only by its faults. */
    private void broken(String path) {
        server.on(path, Answer.of(404, "no"));
    }

    private String id(String path) {
        return NoticeIds.fromUrl(server.uri(path).toString());
    }

    private int hits(String path) {
        return server.hits(path).size();
    }

    /** A first crawl of a list linking a notice and a broken page: the broken one is remembered by its fault. */
    private void brokenPageRemembered() throws Exception {
        notice("/n/1.html");
        broken("/n/bad.html");
        listing("/n/1.html", "/n/bad.html");
        crawler.crawl(site());
        assertThat(state.get(id("/n/bad.html")))
                .hasValueSatisfying(s -> assertThat(s.isFaultedOnly()).isTrue());
    }

    @Test
    void aPageKnownOnlyByItsFaultsThatNoListLinksIsRetriedUntilForgetFaultedAfterThenForgotten() throws Exception {
        brokenPageRemembered();
        listing("/n/1.html");

        clock.advance(Duration.ofDays(2));
        CrawlReport retried = crawler.crawl(site());

        assertThat(hits("/n/bad.html")).as("faulting for 2d of 3d: retried").isEqualTo(2);
        assertThat(retried.givenUp()).isZero();
        assertThat(state.get(id("/n/bad.html")))
                .hasValueSatisfying(s -> assertThat(s.faults()).isEqualTo(2))
                .hasValueSatisfying(s ->
                        assertThat(s.firstFault()).as("the run's first fault").isEqualTo(T0));

        clock.advance(Duration.ofDays(1).plusHours(1));
        CrawlReport gaveUp = crawler.crawl(site());

        assertThat(hits("/n/bad.html"))
                .as("faulting for 3d: given up instead of fetched")
                .isEqualTo(2);
        assertThat(state.get(id("/n/bad.html"))).as("its state dropped").isEmpty();
        assertThat(gaveUp.givenUp()).as("counted in the report").isEqualTo(1);
        assertThat(gaveUp.toString()).contains("given up 1");
        assertThat(state.get(id("/n/1.html"))).as("the notice stays").isPresent();

        listing("/n/1.html", "/n/bad.html");
        clock.advance(Duration.ofMinutes(10));
        crawler.crawl(site());

        assertThat(hits("/n/bad.html")).as("linked again: a new page, fetched").isEqualTo(3);
        assertThat(state.get(id("/n/bad.html")))
                .hasValueSatisfying(s -> assertThat(s.faults()).isEqualTo(1));
    }

    @Test
    void aNoticeOncePublishedIsNeverForgottenSoThoughItFaultsAndNoListLinksIt() throws Exception {
        notice("/n/1.html");
        notice("/n/2.html");
        listing("/n/1.html", "/n/2.html");
        crawler.crawl(site());
        server.on("/n/2.html", Answer.of(403, "forbidden"));
        listing("/n/1.html");

        clock.advance(Duration.ofHours(2));
        crawler.crawl(site());
        clock.advance(Duration.ofDays(4));
        crawler.crawl(site());

        assertThat(hits("/n/2.html")).as("still retried when due").isEqualTo(3);
        assertThat(state.get(id("/n/2.html")))
                .hasValueSatisfying(s -> assertThat(s.wasPublished()).isTrue())
                .hasValueSatisfying(s -> assertThat(s.faults()).isEqualTo(2));
    }

    @Test
    void aPageKnownOnlyByItsFaultsThatTheListsStillLinkIsRetriedPastForgetFaultedAfter() throws Exception {
        brokenPageRemembered();

        clock.advance(Duration.ofDays(4));
        CrawlReport linked = crawler.crawl(site());

        assertThat(hits("/n/bad.html")).isEqualTo(2);
        assertThat(state.get(id("/n/bad.html"))).isPresent();
        assertThat(linked.givenUp()).isZero();
    }

    @Test
    void aPageKnownOnlyByItsFaultsThatAListStillLinksThroughARedirectIsRetriedPastForgetFaultedAfter()
            throws Exception {
        // session 16's trial: /go/bad 302 to bad.html (always failing), forgotten while the list linked /go/bad
        broken("/n/bad.html");
        listing("/n/bad.html");
        crawler.crawl(site()); // T0: the first fault, retry after 1h
        server.on("/go/bad", Answer.of(302, "", "Location", "/n/bad.html"));
        listing("/go/bad");
        clock.advance(Duration.ofHours(2));
        crawler.crawl(site()); // through the new alias: fault 2, retry at T0+4h; the alias due at T0+3h
        clock.advance(Duration.ofHours(69));
        crawler.crawl(site()); // T0+71h, both due: fault 3, retry at T0+75h; the alias due at T0+73h
        clock.advance(Duration.ofHours(2));
        crawler.crawl(site()); // T0+73h: the alias due, its target not (it stops at the hop); the alias at T0+77h
        assertThat(state.get(id("/go/bad")))
                .hasValueSatisfying(alias -> assertThat(alias.nextVisit()).isAfter(T0.plus(Duration.ofHours(76))));
        int before = hits("/n/bad.html");

        clock.advance(Duration.ofHours(2));
        CrawlReport report = crawler.crawl(site()); // T0+75h: the target due, faulting for 3d; the alias not due

        assertThat(hits("/go/bad")).as("the alias not due: not requested").isEqualTo(3);
        assertThat(report.givenUp())
                .as("still linked through /go/bad: %s", report)
                .isZero();
        assertThat(hits("/n/bad.html")).as("retried as before").isEqualTo(before + 1);
        assertThat(state.get(id("/n/bad.html")))
                .hasValueSatisfying(s -> assertThat(s.faults()).isEqualTo(4))
                .hasValueSatisfying(s -> assertThat(s.firstFault()).isEqualTo(T0));

        // unlinked with its alias: given up once due
        listing();
        clock.advance(Duration.ofDays(2));
        CrawlReport unlinked = crawler.crawl(site());
        assertThat(unlinked.givenUp()).isEqualTo(1);
        assertThat(state.get(id("/n/bad.html"))).isEmpty();
    }

    @Test
    void whileTheListAnswers304APageKnownOnlyByItsFaultsIsRetriedPastForgetFaultedAfter() throws Exception {
        notice("/n/1.html");
        broken("/n/bad.html");
        server.onValidated("/l/index.html", "\"l1\"", null, CrawlFixture.listHtml("/n/1.html", "/n/bad.html"));
        crawler.crawl(site());

        clock.advance(Duration.ofDays(4));
        CrawlReport conditional = crawler.crawl(site());

        assertThat(conditional.listPagesNotModified()).isEqualTo(1);
        assertThat(conditional.givenUp()).isZero();
        assertThat(hits("/n/bad.html")).as("its links unread, the page is due").isEqualTo(2);
        assertThat(state.get(id("/n/bad.html"))).isPresent();
    }

    @Test
    void withForgetFaultedAfterZeroAPageKnownOnlyByItsFaultsIsNeverForgotten() throws Exception {
        SiteCrawler never = crawler(Duration.ZERO);
        notice("/n/1.html");
        broken("/n/bad.html");
        listing("/n/1.html", "/n/bad.html");
        never.crawl(site());
        listing("/n/1.html");

        clock.advance(Duration.ofDays(40));
        never.crawl(site());

        assertThat(hits("/n/bad.html")).isEqualTo(2);
        assertThat(state.get(id("/n/bad.html"))).isPresent();
    }
}
