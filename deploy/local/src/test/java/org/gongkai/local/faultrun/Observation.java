package org.gongkai.local.faultrun;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.Topics;
import org.gongkai.events.deadletter.DeadLetterPublisher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the pipeline holds at one moment, compared with what the portal and the poison say it should: notices
 * lost, duplicated (more than one document for one page), stale (an older revision indexed), removed but still
 * indexed; consumer lag of enrich-service and index-service (committed offsets against the read-committed end);
 * each dead-letter topic's records by key, with their reasons. Read-only.
 */
record Observation(
        int notices,
        int indexed,
        List<Integer> lost,
        List<Integer> duplicated,
        List<Integer> stale,
        List<Integer> removedPresent,
        long enrichLag,
        long indexLag,
        Map<String, Integer> deadLetters,
        Map<String, String> reasons,
        List<String> poisonWrong,
        List<String> unexpectedDeadLetters) {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Nothing lost, duplicated, stale or resurrected, no lag, every poison where it belongs exactly once. */
    boolean clean() {
        return lost.isEmpty()
                && duplicated.isEmpty()
                && stale.isEmpty()
                && removedPresent.isEmpty()
                && enrichLag == 0
                && indexLag == 0
                && poisonWrong.isEmpty()
                && unexpectedDeadLetters.isEmpty();
    }

    int deadLettered() {
        return deadLetters.values().stream().mapToInt(Integer::intValue).sum();
    }

    static Observation take(String kafka, String es, FaultPortal portal, List<Poison> poison) throws Exception {
        Map<Integer, Integer> live = portal.live();
        Map<Integer, List<Integer>> revisions = new HashMap<>(); // seq -> revisions of its documents
        JsonNode hits = search(
                es,
                "{\"size\":10000,\"_source\":[\"indexNumber\",\"url\"],"
                        + "\"query\":{\"term\":{\"siteId\":\"faultrun\"}}}");
        int indexed = 0;
        for (JsonNode hit : hits.path("hits").path("hits")) {
            indexed++;
            String number = hit.path("_source").path("indexNumber").asString("");
            if (number.matches("FI-\\d{6}-r\\d+")) {
                revisions
                        .computeIfAbsent(Integer.parseInt(number.substring(3, 9)), k -> new ArrayList<>())
                        .add(Integer.parseInt(number.substring(11)));
            }
        }
        List<Integer> lost = new ArrayList<>();
        List<Integer> duplicated = new ArrayList<>();
        List<Integer> stale = new ArrayList<>();
        live.forEach((seq, rev) -> {
            List<Integer> found = revisions.getOrDefault(seq, List.of());
            if (found.isEmpty()) {
                lost.add(seq);
            } else if (found.size() > 1) {
                duplicated.add(seq);
            } else if (found.get(0) != rev.intValue()) {
                stale.add(seq);
            }
        });
        List<Integer> removedPresent = portal.removed().stream()
                .filter(seq -> !live.containsKey(seq) && revisions.containsKey(seq))
                .toList();

        Map<String, Integer> deadLetters = new TreeMap<>();
        Map<String, String> reasons = new TreeMap<>();
        readDeadLetters(kafka, deadLetters, reasons);
        Map<String, Poison> byKey = poison.stream().collect(Collectors.toMap(Poison::key, p -> p));
        List<String> poisonWrong = new ArrayList<>();
        for (Poison p : poison) {
            int count = deadLetters.getOrDefault(p.topic() + "-dlt/" + p.key(), 0);
            if (p.deadLetter() != null && count != 1) {
                poisonWrong.add(p.kind() + " on " + p.topic() + ": " + count + " dead letters");
            } else if (p.deadLetter() != null
                    && reasons.getOrDefault(p.topic() + "-dlt/" + p.key(), "").isBlank()) {
                poisonWrong.add(p.kind() + " on " + p.topic() + ": dead letter without a reason");
            } else if (p.deadLetter() == null && (count != 0 || !indexedById(es, p.key()))) {
                poisonWrong.add(p.kind() + ": not indexed (" + count + " dead letters)");
            }
        }
        List<String> unexpected = deadLetters.keySet().stream()
                .filter(k -> !byKey.containsKey(k.substring(k.indexOf('/') + 1)))
                .map(k -> k + " (" + reasons.get(k) + ")")
                .toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            return new Observation(
                    live.size(),
                    indexed,
                    lost,
                    duplicated,
                    stale,
                    removedPresent,
                    lag(admin, kafka, "enrich-service", Topics.RAW),
                    lag(admin, kafka, "index-service", Topics.ENRICHED),
                    deadLetters,
                    reasons,
                    poisonWrong,
                    unexpected);
        }
    }

    /**
     * Records {@code group} has not consumed: committed records after its committed offsets. Counted by reading,
     * not by subtracting offsets, because a consumer of a transactional topic commits the offset after its last
     * record, which stops one short of the end when a transaction marker follows (offset lag 1, nothing unread).
     */
    private static long lag(Admin admin, String kafka, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        int partitions = admin.describeTopics(Set.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .size();
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        long unread = 0;
        try (var consumer =
                new KafkaConsumer<>(consumerConfig(kafka), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(all);
            for (TopicPartition tp : all) {
                OffsetAndMetadata at = committed.get(tp);
                if (at == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, at.offset());
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (all.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " not read to its end within 60 s");
                }
                unread += consumer.poll(Duration.ofSeconds(1)).count();
            }
        }
        return unread;
    }

    private static Map<String, Object> consumerConfig(String kafka) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Poison.MAX_RECORD_BYTES + 1024 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        return config;
    }

    /** Every committed record of both dead-letter topics, counted by {@code topic/key}, with its reason. */
    private static void readDeadLetters(String kafka, Map<String, Integer> counts, Map<String, String> reasons) {
        try (var consumer =
                new KafkaConsumer<>(consumerConfig(kafka), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.RAW_DLT, Topics.ENRICHED_DLT)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("dead-letter topics not read to their end within 60 s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    String key = record.topic() + "/" + record.key();
                    counts.merge(key, 1, Integer::sum);
                    Header reason = record.headers().lastHeader(DeadLetterPublisher.REASON);
                    reasons.put(key, reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static boolean indexedById(String es, String id) throws Exception {
        return search(es, "{\"size\":0,\"track_total_hits\":true,\"query\":{\"ids\":{\"values\":[\"" + id + "\"]}}}")
                        .path("hits")
                        .path("total")
                        .path("value")
                        .asLong()
                == 1;
    }

    /** Whether the notice at {@code url} is searchable. */
    static boolean indexed(String es, String url) throws Exception {
        return indexedById(es, NoticeIds.fromUrl(url));
    }

    private static JsonNode search(String es, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(es + "/notices/_search"))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("search answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
