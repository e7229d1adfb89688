package org.gongkai.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.Topics;
import org.gongkai.index.lifecycle.IndexBootstrapRunner;
import org.gongkai.servers.LocalElasticsearch;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Elasticsearch stopped for 30 s in the middle of a stream: consumption stops without committing, readiness goes
 * DOWN, and once the node is back every notice is indexed, nothing is dead-lettered and the offsets catch up, with
 * no intervention. Needs the local Elasticsearch of the test support (skipped with servers from the environment).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gongkai.management.password=" + TestNotices.OPERATOR_PASSWORD,
            "gongkai.index.name=outage",
            "spring.kafka.consumer.group-id=" + ElasticsearchOutageIT.GROUP,
            "spring.kafka.consumer.max-poll-records=50",
            "gongkai.index.bulk.max-documents=50",
            "gongkai.index.bulk.initial-backoff=100ms",
            "gongkai.index.bulk.max-backoff=1s",
            "gongkai.index.bulk.max-retry-time=3s",
            "gongkai.index.redelivery.initial-interval=500ms",
            "gongkai.index.redelivery.max-interval=3s"
        })
@DirtiesContext
class ElasticsearchOutageIT {

    static final String GROUP = "index-outage-it";
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestKafka kafka;

    @Autowired
    ElasticsearchClient elasticsearch;

    @Autowired
    IndexBootstrapRunner bootstrap;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        RealServers.register(registry);
        kafka = new TestKafka();
        kafka.startGroupAtEnd(GROUP);
    }

    @BeforeAll
    static void localElasticsearchOnly() {
        Assumptions.assumeTrue(
                RealServers.localElasticsearch().isPresent(),
                "Elasticsearch comes from the environment: this test cannot stop it");
    }

    @AfterAll
    static void close() {
        RealServers.localElasticsearch().ifPresent(LocalElasticsearch::start);
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aThirtySecondOutageMidStreamLosesNothingAndResumesByItself() throws Exception {
        LocalElasticsearch node = RealServers.localElasticsearch().orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> bootstrap.state() == IndexBootstrapRunner.State.READY);
        List<EnrichedNotice> before = notices(200, 1);
        List<EnrichedNotice> during = notices(200, 2);
        Set<String> ids = new HashSet<>();
        before.forEach(n -> ids.add(n.noticeId()));
        during.forEach(n -> ids.add(n.noticeId()));

        before.forEach(kafka::send);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(before) > 0);
        node.stop();
        try {
            during.forEach(kafka::send);
            Map<TopicPartition, Long> ends = kafka.endOffsets(Topics.ENRICHED);
            // Held for the whole outage: readiness DOWN and the records sent meanwhile not committed.
            await().atMost(Duration.ofSeconds(20)).until(() -> readiness().statusCode() == 503);
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(15)).until(() -> {
                Map<TopicPartition, Long> committed = kafka.committed(GROUP);
                boolean behind =
                        ends.entrySet().stream().anyMatch(e -> committed.getOrDefault(e.getKey(), 0L) < e.getValue());
                return behind && readiness().statusCode() == 503;
            });
            JsonNode components = JSON.readTree(readiness().body()).path("components");
            assertThat(components.path("elasticsearch").path("status").asText()).isEqualTo("DOWN");
            assertThat(components.path("indexing").path("status").asText()).isEqualTo("DOWN");
            assertThat(components
                            .path("indexing")
                            .path("details")
                            .path("recordsHeld")
                            .asInt())
                    .isBetween(1, 50);
        } finally {
            node.start();
        }

        kafka.awaitCaughtUp(GROUP, Duration.ofSeconds(120));
        elasticsearch.indices().refresh(r -> r.index("outage"));
        assertThat(count(before) + count(during)).isEqualTo(ids.size());
        assertThat(kafka.deadLetters(ids)).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness().statusCode() == 200);
    }

    private static List<EnrichedNotice> notices(int n, long version) {
        List<EnrichedNotice> notices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            notices.add(TestNotices.notice(TestNotices.newUrl(), version));
        }
        return notices;
    }

    private long count(List<EnrichedNotice> notices) throws Exception {
        List<String> ids = notices.stream().map(EnrichedNotice::noticeId).toList();
        return elasticsearch
                .count(c -> c.index("outage").query(q -> q.ids(i -> i.values(ids))))
                .count();
    }

    private HttpResponse<String> readiness() throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(10))
                                // health details are the operator's
                                .header("Authorization", TestNotices.operator())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
