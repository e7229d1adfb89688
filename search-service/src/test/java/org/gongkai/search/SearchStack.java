package org.gongkai.search;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.Topics;
import org.gongkai.servers.ChildProcess;
import org.gongkai.servers.Ports;
import org.gongkai.testsupport.RealServers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real stack the search service is tested on, started once per test JVM: Kafka and Elasticsearch (with the
 * analysis plugin) from {@link RealServers}, index-service's built jar, which makes the index with its own
 * bootstrap and writes the {@link RealNoticeFixtures} sent to {@code notices.enriched} (the notices and the
 * synthetic mirror copies of some of them), and search-service's built jar over that index. The processes are stopped when the JVM ends.
 */
final class SearchStack {

    private static SearchStack instance;

    final String base;
    final String elasticsearch;
    /** The notices, each once: what a search lists (the mirrors collapse into their originals). */
    final List<EnrichedNotice> notices;
    /** Synthetic mirror copies of some {@link #notices}, indexed too ({@link RealNoticeFixtures#mirrors}). */
    final List<EnrichedNotice> mirrors;

    private final List<ChildProcess> processes = new ArrayList<>();
    private int searchPort;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    private SearchStack() {
        this.base = "search-it-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        this.elasticsearch = RealServers.elasticsearchUrl();
        this.notices = RealNoticeFixtures.load();
        this.mirrors = RealNoticeFixtures.mirrors(notices);
    }

    static synchronized SearchStack get() {
        if (instance == null) {
            SearchStack stack = new SearchStack();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "search-stack-stop"));
            stack.start();
            instance = stack;
        }
        return instance;
    }

    /** http://127.0.0.1:PORT of the running search-service. */
    String url() {
        return "http://127.0.0.1:" + searchPort;
    }

    private void start() {
        Path repo = repo();
        Path logs = repo.resolve("search-service/target/it-logs");
        String kafka = RealServers.kafkaBootstrapServers();
        int indexPort = Ports.freePort();
        ChildProcess index = launch(
                "index-service",
                repo.resolve("index-service/target/index-service.jar"),
                List.of(
                        "--server.port=" + indexPort,
                        "--spring.kafka.bootstrap-servers=" + kafka,
                        "--spring.kafka.consumer.group-id=" + base,
                        "--spring.elasticsearch.uris=" + elasticsearch,
                        "--gongkai.index.name=" + base),
                logs);
        index.awaitReady(
                () -> status("http://127.0.0.1:" + indexPort + "/actuator/health/readiness") == 200,
                Duration.ofSeconds(180));
        publish(kafka);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> count() == notices.size() + mirrors.size());

        searchPort = Ports.freePort();
        ChildProcess search = launch(
                "search-service",
                repo.resolve("search-service/target/search-service.jar"),
                List.of(
                        "--server.port=" + searchPort,
                        "--spring.elasticsearch.uris=" + elasticsearch,
                        "--gongkai.search.index=" + base),
                logs);
        search.awaitReady(() -> status(url() + "/actuator/health/readiness") == 200, Duration.ofSeconds(120));
    }

    private ChildProcess launch(String name, Path jar, List<String> args, Path logs) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("missing " + jar + ": build first (./mvnw -DskipTests package)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString()));
        command.addAll(args);
        ChildProcess process = ChildProcess.start(name, command, repo(), Map.of(), logs.resolve(name + ".log"));
        processes.add(process);
        return process;
    }

    private static List<EnrichedNotice> concat(List<EnrichedNotice> a, List<EnrichedNotice> b) {
        List<EnrichedNotice> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void publish(String kafka) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (EnrichedNotice notice : concat(notices, mirrors)) {
                producer.send(new ProducerRecord<>(
                        Topics.ENRICHED,
                        notice.noticeId(),
                        EventCodec.instance().write(notice)));
            }
            producer.flush();
        }
    }

    long count() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(elasticsearch + "/" + base + "/_count"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200
                ? JSON.readTree(response.body()).path("count").asLong()
                : -1;
    }

    /** GET a path of the search service: status and parsed body (null when the body is not JSON). */
    Answer get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (RuntimeException e) {
            body = null;
        }
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                body);
    }

    record Answer(int status, String contentType, JsonNode body) {}

    static int status(String url) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    static Path repo() {
        return Path.of(System.getProperty("gongkai.repo", ".."))
                .toAbsolutePath()
                .normalize();
    }

    String logs() {
        StringBuilder out = new StringBuilder();
        processes.forEach(p -> out.append(p.logTail()).append('\n'));
        return out.toString();
    }

    private void stop() {
        processes.forEach(ChildProcess::stop);
    }
}
