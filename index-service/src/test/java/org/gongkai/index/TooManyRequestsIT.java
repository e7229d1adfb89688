package org.gongkai.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.index.lifecycle.IndexBootstrapRunner;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Item-level 429s (Kafka Connect's Elasticsearch sink fails its task on them): a proxy in front of Elasticsearch
 * takes a third of the notices out of their bulk requests and answers 429 for them, twice each. Every notice must
 * end in its latest state (latest version indexed, or deleted when its last record is a tombstone), nothing
 * dead-lettered.
 */
@SpringBootTest(
        properties = {
            "gongkai.index.name=throttled",
            "spring.kafka.consumer.group-id=" + TooManyRequestsIT.GROUP,
            "spring.kafka.consumer.max-poll-records=40",
            "gongkai.index.bulk.initial-backoff=50ms",
            "gongkai.index.bulk.max-backoff=400ms"
        })
@DirtiesContext
class TooManyRequestsIT {

    static final String GROUP = "index-throttled-it";

    private static TestKafka kafka;
    private static ElasticsearchProxy proxy;

    @Autowired
    ElasticsearchClient elasticsearch;

    @Autowired
    IndexBootstrapRunner bootstrap;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) throws Exception {
        RealServers.registerKafka(registry);
        proxy = new ElasticsearchProxy(RealServers.elasticsearchUrl());
        registry.add("spring.elasticsearch.uris", proxy::url);
        kafka = new TestKafka();
        kafka.startGroupAtEnd(GROUP);
    }

    @AfterAll
    static void close() {
        kafka.close();
        proxy.close();
    }

    @Test
    void itemsRejectedWith429AreRetriedInOrderAndNoneIsLost() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> bootstrap.state() == IndexBootstrapRunner.State.READY);
        List<String> kept = urls(60);
        List<String> deleted = urls(20);
        Set<String> ids = new HashSet<>();
        kept.forEach(u -> ids.add(TestNotices.notice(u, 1).noticeId()));
        deleted.forEach(u -> ids.add(TestNotices.notice(u, 1).noticeId()));
        proxy.rejectItems(id -> Math.floorMod(id.hashCode(), 3) == 0, 2);

        for (int version = 1; version <= 3; version++) {
            for (String url : kept) {
                kafka.send(version(url, version));
            }
            if (version < 3) {
                for (String url : deleted) {
                    kafka.send(version(url, version));
                }
            }
        }
        // unversioned tombstones: only their place after the index operations keeps the notices deleted
        for (String url : deleted) {
            kafka.sendTombstone(TestNotices.notice(url, 1).noticeId(), null);
        }

        kafka.awaitCaughtUp(GROUP, Duration.ofSeconds(120));
        elasticsearch.indices().refresh(r -> r.index("throttled"));

        assertThat(proxy.injected()).isGreaterThan(20);
        assertThat(retries("too-many-requests")).isGreaterThan(0);
        for (String url : kept) {
            String id = TestNotices.notice(url, 1).noticeId();
            var doc = elasticsearch.get(g -> g.index("throttled").id(id), ObjectNode.class);
            assertThat(doc.found()).as("notice %s present", id).isTrue();
            assertThat(doc.version()).isEqualTo(3);
            assertThat(doc.source().path("title").asText()).endsWith("第3版");
        }
        MgetResponse<ObjectNode> gone = elasticsearch.mget(
                m -> m.index("throttled")
                        .ids(deleted.stream()
                                .map(u -> TestNotices.notice(u, 1).noticeId())
                                .toList()),
                ObjectNode.class);
        for (MultiGetResponseItem<ObjectNode> item : gone.docs()) {
            assertThat(item.result().found())
                    .as("deleted %s", item.result().id())
                    .isFalse();
        }
        assertThat(deleted.stream()
                        .map(u -> TestNotices.notice(u, 1).noticeId())
                        .filter(id -> proxy.rejections(id) > 0))
                .as("some deleted notices had rejected writes")
                .isNotEmpty();
        assertThat(kafka.deadLetters(ids)).isEmpty();
    }

    private static EnrichedNotice version(String url, int version) {
        return TestNotices.notice(url, version, TestNotices.TITLE + "第" + version + "版", "南昌市东湖区退役军人事务局");
    }

    private static List<String> urls(int n) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            urls.add(TestNotices.newUrl());
        }
        return urls;
    }

    private double retries(String cause) {
        Counter counter =
                meters.find("gongkai.index.retries").tag("cause", cause).counter();
        return counter == null ? 0 : counter.count();
    }
}
