package org.gongkai.index;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.gongkai.elasticsearch.ElasticsearchProperties;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.Topics;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service killed with SIGKILL between a bulk request and the offset commit: a proxy in front of
 * Elasticsearch forwards half of the second bulk request (Elasticsearch applies those items) and never returns a
 * response, and the test kills the process then. Restarted, the service must index every notice: the
 * unacknowledged batch and all later ones are consumed again (external versions make the repeats harmless). An
 * implementation committing before Elasticsearch acknowledges would lose the half that never arrived. This is the failure Logstash's Kafka
 * input has (offsets committed before Elasticsearch acknowledges, elastic/logstash#11706).
 */
class CrashRecoveryIT {

    private static final String GROUP = "index-crash-it";
    private static final String NAME = "crash";
    private static final int NOTICES = 300;

    private static TestKafka kafka;
    private static ElasticsearchClient elasticsearch;
    private static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void connect() {
        kafka = new TestKafka();
        elasticsearch = ElasticsearchClients.client(
                ElasticsearchClients.restClient(new ElasticsearchProperties(
                        List.of(java.net.URI.create(RealServers.elasticsearchUrl())),
                        null,
                        null,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(30),
                        null)),
                ElasticsearchClients.jsonpMapper());
    }

    @AfterAll
    static void close() throws Exception {
        processes.forEach(Process::destroyForcibly);
        kafka.close();
        elasticsearch.close();
    }

    @Test
    void killedBetweenBulkAndCommitThenRestartedNothingIsMissing() throws Exception {
        Path jar = Path.of("target", "index-service.jar");
        assertThat(jar)
                .as("packaged service (mvn package runs before the integration tests)")
                .isRegularFile();
        kafka.startGroupAtEnd(GROUP);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < NOTICES; i++) {
            EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 10 + i);
            ids.add(notice.noticeId());
            kafka.send(notice);
        }
        Map<TopicPartition, Long> ends = kafka.endOffsets(Topics.ENRICHED);

        try (ElasticsearchProxy proxy = new ElasticsearchProxy(RealServers.elasticsearchUrl())) {
            proxy.holdResponsesFrom(2);
            Process first = launch(jar, proxy.url(), "crash-it-first.log");
            assertThat(proxy.awaitHeld(Duration.ofSeconds(180)))
                    .as("a bulk response held")
                    .isTrue();
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        Map<TopicPartition, Long> committed = kafka.committed(GROUP);
        long uncommitted = ends.entrySet().stream()
                .mapToLong(e -> e.getValue() - committed.getOrDefault(e.getKey(), 0L))
                .sum();
        assertThat(uncommitted)
                .as("records not committed when killed (the held batch among them)")
                .isGreaterThan(0);
        elasticsearch.indices().refresh(r -> r.index(NAME));
        assertThat(count(ids)).as("indexed before the kill").isLessThan(ids.size());

        Process second = launch(jar, RealServers.elasticsearchUrl(), "crash-it-second.log");
        kafka.awaitCaughtUp(GROUP, Duration.ofSeconds(180));
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);

        elasticsearch.indices().refresh(r -> r.index(NAME));
        assertThat(count(ids)).isEqualTo(ids.size());
        assertThat(kafka.deadLetters(ids)).isEmpty();
    }

    private static Process launch(Path jar, String elasticsearchUrl, String log) throws Exception {
        Path logFile = Path.of("target", log);
        Files.deleteIfExists(logFile);
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar.toAbsolutePath().toString(),
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                "--spring.elasticsearch.uris=" + elasticsearchUrl,
                "--spring.kafka.consumer.group-id=" + GROUP,
                "--spring.kafka.consumer.max-poll-records=50",
                "--gongkai.index.name=" + NAME,
                "--gongkai.index.bulk.max-documents=50");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .directory(new File("."))
                .start();
        processes.add(process);
        return process;
    }

    private static long count(Set<String> ids) throws Exception {
        return elasticsearch
                .count(c -> c.index(NAME).query(q -> q.ids(i -> i.values(List.copyOf(ids)))))
                .count();
    }
}
