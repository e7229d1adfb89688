package org.gongkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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
 * The operator's recovery for raw records that expired before enrich read them (real broker, the service's HTTP
 * endpoint with its authentication): {@code POST /actuator/crawl/{site}/republish} makes the next crawl
 * publish the site's unchanged notices again, unconditionally, once; the marks survive a restart of the service
 * (they are crawl state on the state topic); {@code /republish/{since}} limits the selection.
 */
class RepublishIT {

    private static final String SITE =
            "republish-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PASSWORD = "republish-it-" + UUID.randomUUID();
    private static final ScriptedServer PORTAL = new ScriptedServer();

    @AfterAll
    static void stopPortal() {
        PORTAL.close();
    }

    private static ConfigurableApplicationContext start() {
        return IngestApp.startIngest(
                SITE,
                PORTAL.uri("/xxgk/index.html").toString(),
                "--gongkai.management.password=" + PASSWORD,
                "--gongkai.ingest.state.revisit-min=0s");
    }

    @Test
    void republishPublishesTheUnchangedNoticesOfASiteOnceMoreEvenAcrossARestart() throws Exception {
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
                "/xxgk/a.html", Answer.of(200, PortalFarm.notice("A/2024-00001", "甲通知"), "Content-Type", "text/html"));
        PORTAL.on(
                "/xxgk/b.html",
                Answer.of(
                        200, PortalFarm.notice("B/2024-00002", "乙通知"), "Content-Type", "text/html", "ETag", "\"b1\""));
        Set<String> ours = Set.of(NoticeIds.fromUrl(a), NoticeIds.fromUrl(b));

        try (ConfigurableApplicationContext first = start()) {
            assertThat(crawl(first).published()).isEqualTo(2);
            CrawlReport again = crawl(first);
            assertThat(again.published()).as("%s", again).isZero();
            assertThat(again.unchanged()).isEqualTo(2);
            assertThat(records(ours)).hasSize(2);

            int port = port(first);
            assertThat(post(port, "/republish", null).statusCode())
                    .as("republishing needs the operator")
                    .isEqualTo(401);
            HttpResponse<String> future = post(port, "/republish/2999-01-01T00:00:00Z", PASSWORD);
            assertThat(future.statusCode()).isEqualTo(202);
            assertThat(future.body()).contains("\"republish\":0");
            assertThat(post(port, "/republish/yesterday", PASSWORD).statusCode())
                    .isEqualTo(400);
            // The crawl queued by the last two requests republishes nothing.
            awaitIdle(first);
        }
        assertThat(records(ours)).hasSize(2);

        try (ConfigurableApplicationContext second = start()) {
            CrawlScheduler scheduler = second.getBean(CrawlScheduler.class);
            // Mark, then restart before any crawl: the marks are on the state topic.
            second.getBean(CrawlScheduler.class).stop();
            HttpResponse<String> marked = post(port(second), "/republish", PASSWORD);
            assertThat(marked.statusCode()).as(marked.body()).isEqualTo(202);
            assertThat(marked.body())
                    .as("the scheduler is stopped: marked for the next crawl")
                    .contains("\"republish\":2", "\"queued\":false");
            assertThat(scheduler.running()).isEmpty();
        }
        assertThat(records(ours)).as("nothing was crawled yet").hasSize(2);

        try (ConfigurableApplicationContext third = start()) {
            int hitsOfB = PORTAL.hits("/xxgk/b.html").size();
            CrawlReport republished = crawl(third);
            assertThat(republished.published()).as("%s", republished).isEqualTo(2);
            assertThat(republished.unchanged()).isZero();
            List<ScriptedServer.Hit> bHits = PORTAL.hits("/xxgk/b.html");
            assertThat(bHits).hasSize(hitsOfB + 1);
            assertThat(bHits.get(bHits.size() - 1).headers())
                    .as("the refetch is unconditional")
                    .doesNotContainKey("If-none-match");
            List<ConsumerRecord<String, byte[]>> all = records(ours);
            assertThat(all).hasSize(4);
            assertThat(all.stream().map(ConsumerRecord::key).filter(NoticeIds.fromUrl(a)::equals))
                    .hasSize(2);
            assertThat(all.stream().map(ConsumerRecord::key).filter(NoticeIds.fromUrl(b)::equals))
                    .hasSize(2);

            CrawlReport after = crawl(third);
            assertThat(after.published())
                    .as("republished once, then unchanged again")
                    .isZero();
            assertThat(after.unchanged()).isEqualTo(2);
        }
        assertThat(records(ours)).hasSize(4);
    }

    private static CrawlReport crawl(ConfigurableApplicationContext context) throws Exception {
        return context.getBean(CrawlScheduler.class).crawlNow(SITE).get(60, TimeUnit.SECONDS);
    }

    /** Waits for the crawls queued through the endpoint: a crawl queued after them runs after them. */
    private static void awaitIdle(ConfigurableApplicationContext context) throws Exception {
        crawl(context);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static HttpResponse<String> post(int port, String query, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/crawl/" + SITE + query))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (password != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(("operator:" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Records of notices.raw with the given keys, in offset order per partition. */
    private static List<ConsumerRecord<String, byte[]>> records(Set<String> keys) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        IngestApp.readToEnd(Topics.RAW, r -> {
            if (keys.contains(r.key())) {
                found.add(r);
            }
        });
        return found;
    }
}
