package org.gongkai.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Real Kafka and Elasticsearch for tests, started at most once per JVM and reused by every test in it.
 *
 * <p>Where they come from, in order:
 *
 * <ol>
 *   <li>addresses from the environment: {@code GONGKAI_TEST_KAFKA_BOOTSTRAP_SERVERS},
 *       {@code GONGKAI_TEST_ELASTICSEARCH_URL} (also as system properties {@code gongkai.test.kafka} and
 *       {@code gongkai.test.elasticsearch}), used as they are;
 *   <li>else, where a Docker engine answers, Testcontainers ({@value #KAFKA_IMAGE}, {@value #ES_IMAGE});
 *   <li>else, local processes from Maven Central artifacts: {@link LocalKafka} and {@link LocalElasticsearch},
 *       on free loopback ports, stopped when the JVM exits.
 * </ol>
 *
 * <p>Thread-safe: the first caller starts a server, later callers get the same one.
 */
public final class RealServers {

    public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    public static final String ES_IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:8.19.21";

    private static final Logger log = LoggerFactory.getLogger(RealServers.class);

    private static String kafka;
    private static String elasticsearch;
    private static LocalKafka localKafka;
    private static LocalElasticsearch localElasticsearch;
    private static Path workDir;

    private RealServers() {}

    /** Bootstrap servers of a running Kafka broker. */
    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = configured("GONGKAI_TEST_KAFKA_BOOTSTRAP_SERVERS", "gongkai.test.kafka");
            if (kafka == null && dockerAvailable()) {
                KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
                container.start();
                kafka = container.getBootstrapServers();
            }
            if (kafka == null) {
                long start = System.nanoTime();
                localKafka = LocalKafka.start(workDir().resolve("kafka"), 0, null);
                kafka = localKafka.bootstrapServers();
                log.info("Local Kafka at {} started in {} ms", kafka, (System.nanoTime() - start) / 1_000_000);
            }
        }
        return kafka;
    }

    /** Base URL of a running Elasticsearch node, e.g. {@code http://127.0.0.1:9200}. */
    public static synchronized String elasticsearchUrl() {
        if (elasticsearch == null) {
            elasticsearch = configured("GONGKAI_TEST_ELASTICSEARCH_URL", "gongkai.test.elasticsearch");
            if (elasticsearch == null && dockerAvailable()) {
                ElasticsearchContainer container = new ElasticsearchContainer(ES_IMAGE)
                        .withEnv("xpack.security.enabled", "false")
                        .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
                container.start();
                elasticsearch = "http://" + container.getHttpHostAddress();
            }
            if (elasticsearch == null) {
                long start = System.nanoTime();
                localElasticsearch = LocalElasticsearch.start(
                        LocalElasticsearch.defaultZip(), workDir().resolve("elasticsearch"), 0, "512m");
                elasticsearch = localElasticsearch.url();
                log.info(
                        "Local Elasticsearch at {} started in {} ms",
                        elasticsearch,
                        (System.nanoTime() - start) / 1_000_000);
            }
        }
        return elasticsearch;
    }

    /**
     * The locally launched Elasticsearch, for tests that stop and restart it (outage tests); empty when the
     * node came from the environment or a container.
     */
    public static synchronized java.util.Optional<LocalElasticsearch> localElasticsearch() {
        elasticsearchUrl();
        return java.util.Optional.ofNullable(localElasticsearch);
    }

    /** Registers Spring Boot's standard properties for both servers. */
    public static void register(DynamicPropertyRegistry registry) {
        registerKafka(registry);
        registerElasticsearch(registry);
    }

    public static void registerKafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", RealServers::kafkaBootstrapServers);
    }

    public static void registerElasticsearch(DynamicPropertyRegistry registry) {
        registry.add("spring.elasticsearch.uris", RealServers::elasticsearchUrl);
    }

    static boolean dockerAvailable() {
        // Ask Testcontainers only where a Docker endpoint could exist; it logs a long error otherwise.
        boolean endpoint = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!endpoint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String configured(String env, String property) {
        String value = System.getProperty(property, System.getenv(env));
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Path workDir() {
        if (workDir == null) {
            try {
                workDir = Files.createTempDirectory("gongkai-servers-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(RealServers::shutdown, "gongkai-servers-stop"));
        }
        return workDir;
    }

    private static synchronized void shutdown() {
        if (localKafka != null) {
            localKafka.stop();
        }
        if (localElasticsearch != null) {
            localElasticsearch.stop();
        }
        try {
            LocalElasticsearch.deleteTree(workDir);
        } catch (IOException | RuntimeException ignored) {
            // temporary files only
        }
    }
}
