package org.gongkai.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.index.lifecycle.IndexBootstrapRunner;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Rebalances while batches are in flight against a slow, throttling Elasticsearch (a proxy delays every bulk
 * response and answers 429 for some items): a second instance joins the group mid-stream, then the first one leaves.
 * Every notice must end in its latest version, with nothing dead-lettered and the group's offsets at the end.
 */
class RebalanceIT {

    private static final String NAME = "rebalance";
    private static final String GROUP = "index-rebalance-it";

    private static TestKafka kafka;
    private static ElasticsearchProxy proxy;
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @BeforeAll
    static void connect() throws Exception {
        kafka = new TestKafka();
        kafka.startGroupAtEnd(GROUP);
        proxy = new ElasticsearchProxy(RealServers.elasticsearchUrl());
    }

    @AfterAll
    static void close() {
        contexts.forEach(ConfigurableApplicationContext::close);
        kafka.close();
        proxy.close();
    }

    @Test
    void instancesJoiningAndLeavingMidStreamLoseNoBatch() throws Exception {
        proxy.delayBulks(Duration.ofMillis(400));
        proxy.rejectItems(id -> Math.floorMod(id.hashCode(), 5) == 0, 1);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            urls.add(TestNotices.newUrl());
        }
        ConfigurableApplicationContext first = start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> first.getBean(IndexBootstrapRunner.class).state() == IndexBootstrapRunner.State.READY);
        for (int version = 1; version <= 2; version++) {
            List<EnrichedNotice> round = new ArrayList<>();
            for (String url : urls) {
                round.add(TestNotices.notice(url, version, TestNotices.TITLE + " v" + version, "南昌市东湖区退役军人事务局"));
            }
            kafka.sendAll(round);
        }
        ElasticsearchClient client = first.getBean(ElasticsearchClient.class);
        Set<String> ids = new HashSet<>();
        urls.forEach(u -> ids.add(TestNotices.notice(u, 1).noticeId()));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(client, ids) > 0);

        ConfigurableApplicationContext second = start(); // joins: partitions move while batches are in flight
        await().atMost(Duration.ofSeconds(60))
                .until(() -> second.getBean(IndexBootstrapRunner.class).state() == IndexBootstrapRunner.State.READY);
        assertThat(kafka.caughtUp(GROUP)).as("still mid-stream").isFalse();
        first.close(); // leaves: its partitions move back to the second instance
        contexts.remove(first);

        kafka.awaitCaughtUp(GROUP, Duration.ofSeconds(180));
        ElasticsearchClient direct = second.getBean(ElasticsearchClient.class);
        direct.indices().refresh(r -> r.index(NAME));
        var docs = direct.mget(m -> m.index(NAME).ids(List.copyOf(ids)), ObjectNode.class)
                .docs();
        for (MultiGetResponseItem<ObjectNode> doc : docs) {
            assertThat(doc.result().found()).as("notice %s", doc.result().id()).isTrue();
            assertThat(doc.result().version()).isEqualTo(2);
        }
        assertThat(proxy.injected()).isGreaterThan(0);
        assertThat(kafka.deadLetters(ids)).isEmpty();
    }

    private static long count(ElasticsearchClient client, Set<String> ids) throws Exception {
        return client.count(c -> c.index(NAME).query(q -> q.ids(i -> i.values(List.copyOf(ids)))))
                .count();
    }

    private static ConfigurableApplicationContext start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(IndexApplication.class)
                .run(
                        "--spring.main.web-application-type=none",
                        "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                        "--spring.elasticsearch.uris=" + proxy.url(),
                        "--spring.kafka.consumer.group-id=" + GROUP,
                        "--spring.kafka.consumer.max-poll-records=20",
                        "--gongkai.index.bulk.initial-backoff=50ms",
                        "--gongkai.index.name=" + NAME);
        contexts.add(context);
        return context;
    }
}
