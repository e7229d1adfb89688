package org.gongkai.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gongkai.servers.ChildProcess;

/**
 * Launches the Gongkai services (the three pipeline stages and the search service) from their built jars as
 * separate JVMs, the way an operator runs them without Docker. Used by the local run and the end-to-end test, so both
 * exercise the real artifacts.
 */
public final class Services {

    /** The services in pipeline order, then the search service (reads the index), with their default HTTP ports. */
    public enum Service {
        INGEST("ingest-service", 8081),
        ENRICH("enrich-service", 8082),
        INDEX("index-service", 8083),
        SEARCH("search-service", 8084);

        public final String module;
        public final int defaultPort;

        Service(String module, int defaultPort) {
            this.module = module;
            this.defaultPort = defaultPort;
        }
    }

    /** Where the servers are; {@code sitesFile} is the crawler's site list (YAML), or {@code null} without a crawler. */
    public record Wiring(String kafka, String elasticsearch, Path sitesFile, String operatorPassword) {

        /** Wiring without an operator: the services' actuator operations stay closed. */
        public Wiring(String kafka, String elasticsearch, Path sitesFile) {
            this(kafka, elasticsearch, sitesFile, null);
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Services() {}

    /** The built jar of a service: {@code <root>/<module>/target/<module>.jar}. */
    public static Path jar(Path repoRoot, Service service) {
        Path jar = repoRoot.resolve(service.module).resolve("target").resolve(service.module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("missing " + jar + ": build first (./mvnw -DskipTests package)");
        }
        return jar;
    }

    /** Starts one service; it logs to {@code <logDir>/<module>.log}. */
    public static ChildProcess start(
            Path repoRoot, Service service, int port, Wiring wiring, Path logDir, List<String> extraArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmOptions.of(service));
        command.addAll(List.of(
                "-jar",
                jar(repoRoot, service).toString(),
                "--server.port=" + port,
                // loopback only: the actuator's operations must not be reachable from the network
                "--server.address=127.0.0.1"));
        if (service != Service.SEARCH) {
            command.add("--spring.kafka.bootstrap-servers=" + wiring.kafka());
        }
        if (service == Service.INDEX || service == Service.SEARCH) {
            command.add("--spring.elasticsearch.uris=" + wiring.elasticsearch());
        }
        if ((service == Service.INGEST || service == Service.ENRICH) && wiring.sitesFile() != null) {
            // The crawler's site list; enrich-service reads its per-site extraction hints from the same file.
            command.add("--spring.config.import=file:" + wiring.sitesFile().toAbsolutePath());
        }
        command.addAll(extraArgs);
        // The operator's password goes through the environment, never the command line (process lists show that).
        Map<String, String> env = new HashMap<>(JvmOptions.ENVIRONMENT);
        if (wiring.operatorPassword() != null && service != Service.SEARCH) {
            env.put("GONGKAI_MANAGEMENT_PASSWORD", wiring.operatorPassword());
        }
        return ChildProcess.start(service.module, command, repoRoot, env, logDir.resolve(service.module + ".log"));
    }

    /**
     * The arguments that switch a service's console log to Spring Boot's structured JSON ({@code
     * logging.structured.format.console}): {@code ecs}, {@code logstash} or {@code gelf}; none for blank (text lines).
     */
    public static List<String> logFormatArgs(String format) {
        if (format == null || format.isBlank()) {
            return List.of();
        }
        if (!List.of("ecs", "logstash", "gelf").contains(format.strip())) {
            throw new IllegalArgumentException(
                    "GONGKAI_LOG_FORMAT must be empty, ecs, logstash or gelf, not '" + format + "'");
        }
        return List.of("--logging.structured.format.console=" + format.strip());
    }

    /** Waits until {@code /actuator/health/readiness} answers 200. */
    public static void awaitReady(ChildProcess process, int port, Duration timeout) {
        process.awaitReady(() -> readiness(port) == 200, timeout);
    }

    /** HTTP status of the readiness probe, or -1 when the service does not answer. */
    public static int readiness(int port) {
        return status("http://127.0.0.1:" + port + "/actuator/health/readiness");
    }

    /** HTTP status of a GET, or -1 when nothing answers within 3 s. */
    static int status(String url) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The demo site list, shared with the Compose demo profile: {@code deploy/config/sites-demo.yml}. */
    public static Path sitesFile(Path repoRoot) {
        return repoRoot.resolve("deploy/config/sites-demo.yml");
    }

    /**
     * Arguments that point the shared site list's demo site at a demo portal on loopback and crawl it promptly; the
     * short delay goes to the demo site only ({@code gongkai.demo-min-delay} in its {@code politeness.min-delay}).
     *
     * @param portalBase e.g. {@code http://127.0.0.1:18080}
     */
    public static List<String> demoArgs(String portalBase, Duration minDelay) {
        return List.of(
                "--gongkai.demo-portal=" + portalBase,
                "--gongkai.ingest.initial-delay=1s",
                "--gongkai.demo-min-delay=" + minDelay.toMillis() + "ms");
    }
}
