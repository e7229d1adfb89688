package org.gongkai.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.index.lifecycle.IndexBootstrapRunner;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A backlog in {@code notices.enriched} goes to Elasticsearch in {@code _bulk} requests of
 * {@code max-documents} (500), like the raw loader's, with the shipped consumer settings (three consumers, each
 * fetching at most 8 MiB a fetch from any of its partitions). Notices of the benchmark's size (~14 KB, a body of
 * 4,000 characters of real notice text), sent uncompressed, so a fetch holds no more records than the lz4 batches of
 * enrich-service would. With 2 MiB a partition (session 7) a consumer of two partitions polled ~300 of them.
 */
class BacklogBatchIT {

    private static final String NAME = "backlog";
    private static final String GROUP = "index-backlog-it";
    private static final int NOTICES = 4_500;
    private static final int BODY_CHARS = 4_000;
    private static final int MAX_DOCUMENTS = 500;
    private static final int CONSUMERS = 3;

    private static TestKafka kafka;
    private static ConfigurableApplicationContext service;

    @BeforeAll
    static void backlog() throws IOException {
        kafka = new TestKafka();
        kafka.startGroupAtEnd(GROUP);
        String text = realText();
        List<EnrichedNotice> notices = new ArrayList<>(NOTICES);
        for (int i = 0; i < NOTICES; i++) {
            int from = (int) ((long) i * 997 % (text.length() - BODY_CHARS));
            notices.add(TestNotices.notice(
                    TestNotices.newUrl(),
                    1,
                    TestNotices.TITLE,
                    "南昌市东湖区退役军人事务局",
                    text.substring(from, from + BODY_CHARS)));
        }
        assertThat(EventCodec.instance().write(notices.get(0)).length)
                .as("a notice of the benchmark's size")
                .isBetween(12_000, 16_000);
        kafka.sendAll(notices); // all of it waits in the topic before the service starts
    }

    @AfterAll
    static void close() {
        if (service != null) {
            service.close();
        }
        kafka.close();
    }

    @Test
    void aBacklogIsWrittenInRequestsOfMaxDocumentsLikeTheRawLoader() throws Exception {
        service = new SpringApplicationBuilder(IndexApplication.class)
                .run(
                        "--spring.main.web-application-type=none",
                        "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                        "--spring.elasticsearch.uris=" + RealServers.elasticsearchUrl(),
                        "--spring.kafka.consumer.group-id=" + GROUP,
                        "--gongkai.index.name=" + NAME);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> service.getBean(IndexBootstrapRunner.class).state() == IndexBootstrapRunner.State.READY);

        kafka.awaitCaughtUp(GROUP, Duration.ofSeconds(300));

        DistributionSummary requests = service.getBean(MeterRegistry.class)
                .get("gongkai.index.bulk.size")
                .summary();
        ElasticsearchClient client = service.getBean(ElasticsearchClient.class);
        client.indices().refresh(r -> r.index(NAME));
        assertThat(client.count(c -> c.index(NAME)).count()).isEqualTo(NOTICES);
        assertThat(requests.totalAmount()).isEqualTo(NOTICES);
        // Full requests, except the last of each consumer's partitions and one cut short by the start-up rebalance.
        assertThat(requests.count())
                .as("_bulk requests for %d notices", NOTICES)
                .isLessThanOrEqualTo(NOTICES / MAX_DOCUMENTS + CONSUMERS + 1);
    }

    /** The bodies of the real notices one after the other (337 notices, ~2,260 characters each). */
    private static String realText() throws IOException {
        ObjectMapper json = new ObjectMapper();
        StringBuilder text = new StringBuilder();
        for (String line :
                Files.readAllLines(Path.of("../../shared/data/real-notices/notices.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode notice = json.readTree(line);
            text.append(notice.path("body").asText()).append('\n');
        }
        return text.toString();
    }
}
