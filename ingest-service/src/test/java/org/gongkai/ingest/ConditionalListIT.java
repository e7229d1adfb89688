package org.gongkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.Topics;
import org.gongkai.ingest.crawl.CrawlEndpoint;
import org.gongkai.ingest.crawl.CrawlReport;
import org.gongkai.ingest.crawl.CrawlScheduler;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Conditional GET of list pages, end to end (the application, the real broker and its state topic, a portal on
 * 127.0.0.1 that honours If-None-Match / If-Modified-Since): the list page's validators are kept in the crawl
 * state across a restart, the next crawl sends them, gets 304 and publishes nothing; once the list changes, it is
 * walked and its new notice published.
 */
class ConditionalListIT {

    private static final String SITE =
            "condlist-" + UUID.randomUUID().toString().substring(0, 8);
    private static final ScriptedServer PORTAL = new ScriptedServer();
    private static final String LIST = "/xxgk/index.html";
    private static final String LM = "Wed, 02 Dec 2026 08:00:00 GMT";

    @AfterAll
    static void stopPortal() {
        PORTAL.close();
    }

    private static ConfigurableApplicationContext start() {
        return IngestApp.startIngest(SITE, PORTAL.uri(LIST).toString());
    }

    private static CrawlReport crawl(ConfigurableApplicationContext context) throws Exception {
        return context.getBean(CrawlScheduler.class).crawlNow(SITE).get(60, TimeUnit.SECONDS);
    }

    private static String list(String... links) {
        StringBuilder html = new StringBuilder("<html><head><meta charset=\"utf-8\"></head><body><ul>");
        for (String link : links) {
            html.append("<li><a href=\"").append(link).append("\">通知</a></li>");
        }
        return html.append("</ul></body></html>").toString();
    }

    private static void notice(String path, String index) {
        PORTAL.on(path, Answer.of(200, PortalFarm.notice(index, "通知正文 " + index), "Content-Type", "text/html"));
    }

    @Test
    void anUnchangedListAnswers304AfterARestartAndPublishesNothingAndAChangedOneIsWalked() throws Exception {
        notice("/xxgk/a.html", "CL/2026-00001");
        notice("/xxgk/b.html", "CL/2026-00002");
        notice("/xxgk/c.html", "CL/2026-00003");
        PORTAL.onValidated(LIST, "\"l1\"", LM, list("a.html", "b.html"));
        Set<String> ours = Set.of(
                NoticeIds.fromUrl(PORTAL.uri("/xxgk/a.html").toString()),
                NoticeIds.fromUrl(PORTAL.uri("/xxgk/b.html").toString()),
                NoticeIds.fromUrl(PORTAL.uri("/xxgk/c.html").toString()));

        try (ConfigurableApplicationContext first = start()) {
            CrawlReport report = crawl(first);
            assertThat(report.published()).as("%s", report).isEqualTo(2);
            assertThat(report.listPagesNotModified()).isZero();
        }
        assertThat(published(ours)).isEqualTo(2);

        try (ConfigurableApplicationContext second = start()) {
            PORTAL.hits.clear();

            CrawlReport unchanged = crawl(second);

            // the validators came back from the state topic and were sent; the portal answered 304
            List<ScriptedServer.Hit> listHits = PORTAL.hits(LIST);
            assertThat(listHits).hasSize(1);
            assertThat(listHits.get(0).headers())
                    .containsEntry("If-none-match", List.of("\"l1\""))
                    .containsEntry("If-modified-since", List.of(LM));
            assertThat(unchanged.listPagesNotModified()).as("%s", unchanged).isEqualTo(1);
            assertThat(unchanged.listPages()).isZero();
            assertThat(unchanged.published()).isZero();
            assertThat(unchanged.complete()).isTrue();
            assertThat(PORTAL.hits.stream().map(ScriptedServer.Hit::path))
                    .as("no notice page requested: the known ones are not due, no new one was listed")
                    .containsOnly(LIST, "/robots.txt");
            assertThat(published(ours)).isEqualTo(2);
            assertThat(second.getBean(MeterRegistry.class)
                            .get("gongkai.ingest.list.not.modified")
                            .tag("site", SITE)
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(second.getBean(CrawlEndpoint.class).overview().sites())
                    .singleElement()
                    .satisfies(s ->
                            assertThat(s.lastCrawl().listPagesNotModified()).isEqualTo(1));

            PORTAL.onValidated(LIST, "\"l2\"", "Wed, 02 Dec 2026 09:00:00 GMT", list("c.html", "a.html", "b.html"));
            PORTAL.hits.clear();
            CrawlReport changed = crawl(second);

            assertThat(PORTAL.hits(LIST).get(0).headers()).containsEntry("If-none-match", List.of("\"l1\""));
            assertThat(changed.listPages()).as("%s", changed).isEqualTo(1);
            assertThat(changed.listPagesNotModified()).isZero();
            assertThat(changed.published()).isEqualTo(1);
            assertThat(PORTAL.hits("/xxgk/c.html")).hasSize(1);
        }
        assertThat(published(ours)).isEqualTo(3);
    }

    /** Records of {@code notices.raw} with these keys. */
    private static int published(Set<String> keys) {
        int[] n = {0};
        IngestApp.readToEnd(Topics.RAW, r -> {
            if (keys.contains(r.key())) {
                n[0]++;
            }
        });
        return n[0];
    }
}
