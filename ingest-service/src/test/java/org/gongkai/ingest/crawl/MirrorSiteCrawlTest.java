package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A site its operator declared a mirror ({@code sites[n].mirror: true}) marks every raw notice it publishes, so the
 * enricher and the portal can tell its copies from the originals; the same page on a site not so declared is
 * published unmarked. The setting is read at publish, and a crawl that finds it changed since the site's last crawl
 * republishes the site's notices ({@link Republish}), so unchanged pages published before take the new setting. A department
 * on 127.0.0.65, the government portal republishing its notice on 127.0.0.66.
 */
class MirrorSiteCrawlTest {

    private static final Answer NOTICE =
            Answer.html("<table><tr><td>索引号：</td><td>11370000MB2857/2026-00412</td><td>发布机构：</td><td>省交通运输厅</td></tr>"
                    + "</table><p>关于公路养护工程招标的通知正文</p>");

    private final ScriptedServer department = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(65));
    private final ScriptedServer portal = new ScriptedServer(FailingPageOfAnsweringHostCrawlTest.loopback(66));
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));
    private final SiteCrawler crawler = CrawlFixture.loopbackCrawler(
            new SimpleMeterRegistry(),
            publisher,
            state,
            TestConfigs.state("s", Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)),
            clock);

    @AfterEach
    void stop() {
        department.close();
        portal.close();
    }

    @Test
    void everyNoticeFromASiteDeclaredAMirrorSaysSoAndTheSamePageFromTheOriginalsSiteDoesNot() throws Exception {
        department.on("/xxgk/index.html", Answer.html("<ul><li><a href=\"/xxgk/t1.html\">通知</a></li></ul>"));
        department.on("/xxgk/t1.html", NOTICE);
        portal.on(
                "/zwgk/index.html",
                Answer.html("<ul><li><a href=\"/zwgk/t1.html\">通知</a></li><li><a href=\"/zwgk/t2.html\">通知</a></li>"
                        + "</ul>"));
        portal.on("/zwgk/t1.html", NOTICE);
        portal.on("/zwgk/t2.html", NOTICE);
        Site original = TestConfigs.site(
                "jtt", List.of(department.uri("/xxgk/index.html").toString()), true, 500);
        Site mirror = TestConfigs.asMirror(TestConfigs.site(
                "gov-portal", List.of(portal.uri("/zwgk/index.html").toString()), true, 500));

        crawler.crawl(original);
        crawler.crawl(mirror);

        assertThat(publisher.notices)
                .extracting(RawNotice::siteId, RawNotice::mirror)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("jtt", false),
                        org.assertj.core.groups.Tuple.tuple("gov-portal", true),
                        org.assertj.core.groups.Tuple.tuple("gov-portal", true));
        assertThat(publisher.notices)
                .as("the same bytes on both sites")
                .extracting(RawNotice::contentHash)
                .containsOnly(publisher.notices.get(0).contentHash());
    }

    @Test
    void aSiteDeclaredAMirrorLaterRepublishesItsUnchangedPagesMarkedInItsNextCrawl() throws Exception {
        portal.on("/zwgk/index.html", Answer.html("<ul><li><a href=\"/zwgk/t1.html\">通知</a></li></ul>"));
        portal.on("/zwgk/t1.html", NOTICE);
        Site before = TestConfigs.site(
                "gov-portal", List.of(portal.uri("/zwgk/index.html").toString()), true, 500);
        crawler.crawl(before);
        clock.advance(Duration.ofDays(2));
        CrawlReport sameSetting = crawler.crawl(before);
        assertThat(sameSetting.unchanged())
                .as("revisited, unchanged, not published again: %s", sameSetting)
                .isEqualTo(1);
        assertThat(publisher.notices).extracting(RawNotice::mirror).containsExactly(false);

        clock.advance(Duration.ofDays(2));
        crawler.crawl(TestConfigs.asMirror(before));

        assertThat(publisher.notices)
                .as("the unchanged page published again, now marked")
                .extracting(RawNotice::mirror)
                .containsExactly(false, true);
        assertThat(state.mark("gov-portal"))
                .hasValueSatisfying(mark -> assertThat(mark.mirror()).isTrue());
    }

    @Test
    void aMirrorDeclarationTakenBackRepublishesUnmarkedAndAnUnchangedSettingRepublishesNothing() throws Exception {
        portal.on("/zwgk/index.html", Answer.html("<ul><li><a href=\"/zwgk/t1.html\">通知</a></li></ul>"));
        portal.on("/zwgk/t1.html", NOTICE);
        Site declared = TestConfigs.asMirror(TestConfigs.site(
                "gov-portal", List.of(portal.uri("/zwgk/index.html").toString()), true, 500));
        crawler.crawl(declared);
        clock.advance(Duration.ofDays(2));
        crawler.crawl(declared);
        assertThat(publisher.notices).extracting(RawNotice::mirror).containsExactly(true);

        clock.advance(Duration.ofDays(2));
        crawler.crawl(TestConfigs.site(
                "gov-portal", List.of(portal.uri("/zwgk/index.html").toString()), true, 500));

        assertThat(publisher.notices).extracting(RawNotice::mirror).containsExactly(true, false);
    }
}
