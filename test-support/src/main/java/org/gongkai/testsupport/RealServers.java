package org.gongkai.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gongkai.servers.LocalElasticsearch;
import org.gongkai.servers.LocalKafka;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.MountableFile;

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

    /**
     * Base URL of a running Elasticsearch node, e.g. {@code http://127.0.0.1:9200}, with the plugins of
     * {@link LocalElasticsearch#defaultPlugins()} installed (a node from the environment must have them already).
     */
    public static synchronized String elasticsearchUrl() {
        if (elasticsearch == null) {
            List<Path> plugins = LocalElasticsearch.defaultPlugins();
            elasticsearch = configured("GONGKAI_TEST_ELASTICSEARCH_URL", "gongkai.test.elasticsearch");
            if (elasticsearch != null) {
                requirePlugins(elasticsearch, plugins);
            }
            if (elasticsearch == null && dockerAvailable()) {
                ElasticsearchContainer container = new ElasticsearchContainer(ES_IMAGE)
                        .withEnv("xpack.security.enabled", "false")
                        .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
                if (!plugins.isEmpty()) {
                    // Same installation as deploy/docker/elasticsearch.Dockerfile, at container start.
                    StringBuilder install = new StringBuilder();
                    for (int i = 0; i < plugins.size(); i++) {
                        String inContainer = "/tmp/gongkai-plugin-" + i + ".zip";
                        container.withCopyFileToContainer(MountableFile.forHostPath(plugins.get(i)), inContainer);
                        install.append("bin/elasticsearch-plugin install --batch file://")
                                .append(inContainer)
                                .append(" && ");
                    }
                    container.withCommand("bash", "-c", install + "exec /usr/local/bin/docker-entrypoint.sh eswrapper");
                }
                container.start();
                elasticsearch = "http://" + container.getHttpHostAddress();
            }
            if (elasticsearch == null) {
                long start = System.nanoTime();
                localElasticsearch = LocalElasticsearch.start(
                        LocalElasticsearch.defaultZip(), workDir().resolve("elasticsearch"), 0, "512m", plugins);
                elasticsearch = localElasticsearch.url();
                log.info(
                        "Local Elasticsearch at {} started in {} ms (plugins {})",
                        elasticsearch,
                        (System.nanoTime() - start) / 1_000_000,
                        localElasticsearch.installedPlugins());
            }
        }
        return elasticsearch;
    }

    /** Fails fast, naming what is missing, when a given node lacks a plugin the tests need. */
    private static void requirePlugins(String url, List<Path> plugins) {
        if (plugins.isEmpty()) {
            return;
        }
        String installed;
        try {
            installed = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "/_cat/plugins?h=component"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugins of " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (Path plugin : plugins) {
            String name = pluginName(plugin);
            if (!installed.lines().map(String::strip).toList().contains(name)) {
                throw new IllegalStateException("Elasticsearch at " + url + " lacks the plugin " + name
                        + ": install it (bin/elasticsearch-plugin install --batch " + plugin.toUri() + ")");
            }
        }
    }

    /** The {@code name} of a plugin zip's (stable-)plugin descriptor. */
    static String pluginName(Path zip) {
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
            for (String entry : List.of("stable-plugin-descriptor.properties", "plugin-descriptor.properties")) {
                var found = file.getEntry(entry);
                if (found != null) {
                    java.util.Properties descriptor = new java.util.Properties();
                    try (var in = file.getInputStream(found)) {
                        descriptor.load(in);
                    }
                    return descriptor.getProperty("name");
                }
            }
            throw new IllegalStateException(zip + " has no plugin descriptor");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
