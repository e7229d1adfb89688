package org.gongkai.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) run as a child process from the
 * {@code org.apache.kafka:kafka_2.13} jars: {@code kafka.tools.StorageTool format}, then {@code kafka.Kafka}.
 *
 * <p>The data directory is formatted only when it is new, so a broker restarted on the same directory keeps its
 * topics and offsets (the local run relies on this). Not thread-safe: one owner starts and stops it.
 */
public final class LocalKafka extends LocalServer {

    /**
     * The broker JVM's JIT compilers: what its start-up costs against what each request costs once it runs.
     * Measured in session 10 (docs/benchmarks.md).
     */
    public enum Compilers {
        /**
         * C1 only ({@code -XX:TieredStopAtLevel=1}): less CPU to start; for the tests' brokers, which live for one
         * module's tests.
         */
        C1_ONLY(List.of("-XX:TieredStopAtLevel=1")),
        /** C1 then C2, the JVM's default: for a broker that runs on (the local run, the benchmark). */
        TIERED(List.of());

        private final List<String> options;

        Compilers(List<String> options) {
            this.options = options;
        }
    }

    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final String heap;
    private final Compilers compilers;

    private LocalKafka(Path dir, int port, int controllerPort, String classpath, String heap, Compilers compilers) {
        super(dir);
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
        this.heap = heap;
        this.compilers = compilers;
    }

    /**
     * Starts a broker with its state in {@code dir}.
     *
     * @param dir       holds {@code server.properties}, {@code data/} and {@code kafka.log}
     * @param port      client port on 127.0.0.1, 0 for any free port
     * @param classpath class path holding the kafka_2.13 jars; {@code null} for this JVM's own
     */
    public static LocalKafka start(Path dir, int port, String classpath) {
        return start(dir, port, classpath, Compilers.C1_ONLY);
    }

    /**
     * {@link #start(Path, int, String)} with the JIT compilers given: {@link Compilers#TIERED} for a broker that runs
     * on past its start-up.
     */
    public static LocalKafka start(Path dir, int port, String classpath, Compilers compilers) {
        String cp = classpath != null ? classpath : System.getProperty("java.class.path");
        LocalKafka kafka =
                new LocalKafka(dir, port > 0 ? port : Ports.freePort(), Ports.freePort(), cp, "-Xmx512m", compilers);
        kafka.start();
        return kafka;
    }

    /** Starts (again) on the same ports and data. */
    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(dir.resolve("data"));
            Path config = writeConfig();
            Path log = dir.resolve("kafka.log");
            if (!Files.exists(dir.resolve("data/meta.properties"))) {
                List<String> format = java(
                        "kafka.tools.StorageTool",
                        "format",
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--config",
                        config.toString(),
                        "--ignore-formatted");
                ChildProcess.run("kafka storage format", format, dir, Map.of(), log, Duration.ofSeconds(60));
            }
            process = ChildProcess.start("kafka", java("kafka.Kafka", config.toString()), dir, Map.of(), log);
            process.awaitReady(this::ready, Duration.ofSeconds(90));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka in " + dir, e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private List<String> java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-XX:+UseSerialGC"));
        command.addAll(compilers.options);
        command.addAll(List.of("-Dlogback.configurationFile=" + logbackConfig(), "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private String logbackConfig() {
        Path file = dir.resolve("logback.xml");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, """
                        <configuration>
                          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
                          </appender>
                          <root level="WARN"><appender-ref ref="OUT"/></root>
                          <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                          <logger name="kafka.server.BrokerServer" level="INFO"/>
                        </configuration>
                        """);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toString();
    }

    private Path writeConfig() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toAbsolutePath().toString());
        p.setProperty("num.partitions", "6");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "6");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "6");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        Path file = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "Gongkai local Kafka broker (generated)");
        }
        return file;
    }

    private boolean ready() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException notYet) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }
}
