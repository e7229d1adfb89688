package org.gongkai.ingest;

import static org.awaitility.Awaitility.await;
import static org.gongkai.ingest.PortalFarm.held;
import static org.gongkai.ingest.PortalFarm.html;
import static org.gongkai.ingest.PortalFarm.list;
import static org.gongkai.ingest.PortalFarm.notice;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.Topics;
import org.gongkai.testsupport.RealServers;

/**
 * The list the resume tests (ResumeIT, KillResumeIT) interrupt a crawl in: on {@value #HOST} of a
 * {@link PortalFarm}, {@code /list.html} links notices 1–10 and its next page {@code /list_2.html} notices 11–20;
 * page 2 is held (the request waits) until {@link #servePage2()} or {@link #close()}. And which of the 20 notices
 * are on {@code notices.raw}, read from the real broker.
 *
 * <p>Not thread-safe: the test's thread drives it (the portal's threads only read the pages).
 */
final class TwoPageList implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final int NOTICES = 20;

    private final PortalFarm portal;
    private final CountDownLatch page2 = new CountDownLatch(1);

    /**
     * Serves the list, page 2 held, and the 20 notices.
     *
     * @param indexPrefix the notices' 索引号 before their number, e.g. {@code R/2023-000}
     */
    TwoPageList(PortalFarm portal, String indexPrefix) {
        this.portal = portal;
        portal.on(HOST, "/list.html", html(list(notices(1, 10), "/list_2.html")));
        for (int i = 1; i <= NOTICES; i++) {
            portal.on(HOST, "/n/" + i + ".html", html(notice(indexPrefix + i, "通知第" + i + "号")));
        }
        portal.on(HOST, "/list_2.html", held(page2, html(list(notices(11, 20), null))));
    }

    String listUrl() {
        return portal.url(HOST, "/list.html");
    }

    /** Requests of page 2 so far (a held one counts). */
    int page2Hits() {
        return portal.hits(HOST, "/list_2.html");
    }

    /** Serves page 2 at once from now on (a request already held stays held until {@link #close()}). */
    void servePage2() {
        portal.on(HOST, "/list_2.html", html(list(notices(11, 20), null)));
    }

    /** The ids of the 20 notices. */
    Set<String> all() {
        Set<String> ids = new HashSet<>();
        for (int i = 1; i <= NOTICES; i++) {
            ids.add(NoticeIds.fromUrl(portal.url(HOST, "/n/" + i + ".html")));
        }
        return ids;
    }

    /** Keys of this list's notices in {@code notices.raw}, read to its end. */
    Set<String> published() {
        Set<String> ours = all();
        Set<String> found = new HashSet<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"); // declared by the service
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RAW, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (ours.contains(r.key())) {
                        found.add(r.key());
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return found;
    }

    /** Releases a held request for page 2. */
    @Override
    public void close() {
        page2.countDown();
    }

    private static List<String> notices(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(i -> "/n/" + i + ".html")
                .toList();
    }
}
