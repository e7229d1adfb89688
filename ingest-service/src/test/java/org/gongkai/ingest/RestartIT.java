package org.gongkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.Topics;
import org.gongkai.ingest.crawl.CrawlReport;
import org.gongkai.ingest.crawl.CrawlScheduler;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The crawl state survives restarts through its compacted Kafka topic (real broker): after a restart of the
 * application, unchanged notices are not published again, a changed one is, and a notice that answered 404
 * before the restart is confirmed gone after it and gets exactly one tombstone.
 */
class RestartIT {

    private static final String SITE = "restart-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String STATE_TOPIC = IngestApp.stateTopic(SITE);
    private static final ScriptedServer PORTAL = new ScriptedServer();

    @AfterAll
    static void stopPortal() {
        PORTAL.close();
    }

    private static ConfigurableApplicationContext start() {
        return IngestApp.startIngest(
                SITE, PORTAL.uri("/xxgk/index.html").toString(), "--gongkai.ingest.state.revisit-min=0s");
    }

    private static CrawlReport crawl(ConfigurableApplicationContext context) throws Exception {
        return context.getBean(CrawlScheduler.class).crawlNow(SITE).get(60, TimeUnit.SECONDS);
    }

    @Test
    void nothingUnchangedIsRepublishedAfterARestartAndGoneNoticesAreConfirmedAcrossIt() throws Exception {
        String a = PORTAL.uri("/xxgk/a.html").toString();
        String b = PORTAL.uri("/xxgk/b.html").toString();
        PORTAL.on(
                "/xxgk/index.html",
                Answer.of(
                        200,
                        "<html><body><a href=\"a.html\">甲</a><a href=\"b.html\">乙</a></body></html>",
                        "Content-Type",
                        "text/html"));
        PORTAL.on(
                "/xxgk/a.html", Answer.of(200, PortalFarm.notice("A/2023-00001", "甲通知"), "Content-Type", "text/html"));
        PORTAL.on(
                "/xxgk/b.html",
                Answer.of(
                        200, PortalFarm.notice("B/2023-00002", "乙通知"), "Content-Type", "text/html", "ETag", "\"b1\""));
        Set<String> ours = Set.of(NoticeIds.fromUrl(a), NoticeIds.fromUrl(b));

        try (ConfigurableApplicationContext first = start()) {
            assertThat(crawl(first).published()).isEqualTo(2);
        }
        List<ConsumerRecord<String, byte[]>> afterFirst = records(ours);
        assertThat(afterFirst).hasSize(2);

        try (ConfigurableApplicationContext second = start()) {
            CrawlReport again = crawl(second);
            assertThat(again.published()).as("%s", again).isZero();
            assertThat(again.unchanged()).isEqualTo(2);
            assertThat(records(ours)).hasSize(2);
            // The ETag remembered before the restart is sent after it.
            List<ScriptedServer.Hit> bHits = PORTAL.hits("/xxgk/b.html");
            assertThat(bHits.get(bHits.size() - 1).headers()).containsEntry("If-none-match", List.of("\"b1\""));

            PORTAL.on(
                    "/xxgk/a.html",
                    Answer.of(200, PortalFarm.notice("A/2023-00001", "甲通知（已修改）"), "Content-Type", "text/html"));
            PORTAL.on("/xxgk/b.html", Answer.of(410, "gone"));
            CrawlReport changed = crawl(second);
            assertThat(changed.published()).as("%s", changed).isEqualTo(1);
            assertThat(changed.missing()).isEqualTo(1);
            assertThat(changed.deleted()).isZero();
        }
        assertThat(records(ours)).hasSize(3);

        try (ConfigurableApplicationContext third = start()) {
            CrawlReport confirmed = crawl(third);
            assertThat(confirmed.published()).as("%s", confirmed).isZero();
            assertThat(confirmed.unchanged()).isEqualTo(1);
            assertThat(confirmed.deleted()).isEqualTo(1);
        }
        List<ConsumerRecord<String, byte[]>> all = records(ours);
        assertThat(all).hasSize(4);
        assertThat(all.stream().filter(r -> r.value() == null))
                .singleElement()
                .extracting(ConsumerRecord::key)
                .isEqualTo(NoticeIds.fromUrl(b));
        assertThat(stateRecords()).isNotEmpty();
    }

    /** Records of notices.raw (tombstones included) with the given keys, in offset order per partition. */
    private static List<ConsumerRecord<String, byte[]>> records(Set<String> keys) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        IngestApp.readToEnd(Topics.RAW, r -> {
            if (keys.contains(r.key())) {
                found.add(r);
            }
        });
        return found;
    }

    private static List<ConsumerRecord<String, byte[]>> stateRecords() {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        IngestApp.readToEnd(STATE_TOPIC, found::add);
        return found;
    }
}
