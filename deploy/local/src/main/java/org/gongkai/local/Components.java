package org.gongkai.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gongkai.local.Services.Service;
import org.gongkai.servers.ChildProcess;
import org.gongkai.servers.LocalElasticsearch;
import org.gongkai.servers.LocalKafka;

/**
 * Starts one component of the local run by name — {@code kafka}, {@code elasticsearch}, {@code demo-portal}, a
 * service module name, {@code supervisor} — on its configured port, the same way every time, so {@code start},
 * {@code restart} and the supervisor bring back the same thing. Kafka and Elasticsearch keep their data in
 * {@code $GONGKAI_HOME}; the site list chosen by the first {@code start} is kept in {@code $GONGKAI_HOME/sites-file}
 * for later restarts.
 *
 * <p>Not thread-safe; callers serialise through {@link PidFile}'s locks.
 */
final class Components {

    static final String KAFKA = "kafka";
    static final String ELASTICSEARCH = "elasticsearch";
    static final String PORTAL = "demo-portal";
    static final String SUPERVISOR = "supervisor";

    private final Path repo;
    private final Path home;
    private final String operatorPassword;

    Components(Path repo, Path home, String operatorPassword) {
        this.repo = repo;
        this.home = home;
        this.operatorPassword = operatorPassword;
    }

    /** The components of a run with this site list, in start order (the supervisor last). */
    static List<String> all(SiteList sites) {
        List<String> names = new ArrayList<>(List.of(KAFKA, ELASTICSEARCH));
        if (sites.includesDemo()) {
            names.add(PORTAL);
        }
        for (Service service : startOrder()) {
            names.add(service.module);
        }
        names.add(SUPERVISOR);
        return names;
    }

    static List<Service> startOrder() {
        return List.of(Service.INDEX, Service.ENRICH, Service.INGEST, Service.SEARCH);
    }

    /** The service of a module name ({@code enrich-service}) or short name ({@code enrich}). */
    static Optional<Service> service(String name) {
        for (Service service : Service.values()) {
            if (service.module.equals(name) || service.name().equalsIgnoreCase(name)) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }

    /** Remembers the site list for restarts. */
    void rememberSites(SiteList sites) throws IOException {
        Files.createDirectories(home);
        Files.writeString(home.resolve("sites-file"), sites.file().toString() + "\n");
    }

    /** The site list of the last {@code start}. */
    SiteList sites() throws IOException {
        Path remembered = home.resolve("sites-file");
        if (!Files.exists(remembered)) {
            throw new IllegalStateException("never started here (no " + remembered + "): run start first");
        }
        Path file = Path.of(Files.readString(remembered).trim());
        return new SiteList(file, Files.readString(file).contains(SiteList.DEMO_PLACEHOLDER));
    }

    /**
     * Starts the named component and returns its pid. Kafka, Elasticsearch and the demo portal are waited for
     * (the services need them); a service is not ({@link #awaitReady}).
     */
    long start(String name, SiteList sites) {
        return switch (name) {
            case KAFKA ->
                LocalKafka.start(
                                home.resolve("kafka"),
                                port("GONGKAI_KAFKA_PORT", 9092),
                                System.getProperty("java.class.path"),
                                LocalKafka.Compilers.TIERED)
                        .pid();
            case ELASTICSEARCH -> {
                // A node orphaned by a killed launcher holds the data directory's lock: end it first.
                int left = Leftovers.endElasticsearch(home, Duration.ofSeconds(30));
                if (left > 0) {
                    System.out.println("[gongkai] ended " + left + " Elasticsearch process(es) left running by its"
                            + " killed launcher (they hold " + home.resolve("elasticsearch/data/node.lock") + ")");
                }
                yield LocalElasticsearch.start(
                                LocalElasticsearch.defaultZip(),
                                home.resolve("elasticsearch"),
                                port("GONGKAI_ES_PORT", 9200),
                                env("GONGKAI_ES_HEAP", "512m"),
                                List.of(analysisPlugin()))
                        .pid();
            }
            case PORTAL -> {
                ChildProcess portal = ChildProcess.start(
                        PORTAL,
                        javaCommand("-Xmx64m", DemoPortal.class.getName(), Integer.toString(portalPort())),
                        home,
                        Map.of(),
                        home.resolve("logs/demo-portal.log"));
                portal.awaitReady(() -> Services.status(portalList()) == 200, Duration.ofSeconds(30));
                yield portal.pid();
            }
            case SUPERVISOR ->
                ChildProcess.start(
                                SUPERVISOR,
                                javaCommand("-Xmx48m", LocalStack.class.getName(), "supervise"),
                                home,
                                Map.of(),
                                home.resolve("logs/supervisor.log"))
                        .pid();
            default -> {
                Service service = service(name)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "unknown component " + name + " (one of " + String.join(", ", all(sites)) + ")"));
                var wiring = new Services.Wiring(
                        "127.0.0.1:" + port("GONGKAI_KAFKA_PORT", 9092),
                        "http://127.0.0.1:" + port("GONGKAI_ES_PORT", 9200),
                        sites.file(),
                        operatorPassword);
                List<String> extra = new java.util.ArrayList<>(
                        Services.logFormatArgs(System.getenv().getOrDefault("GONGKAI_LOG_FORMAT", "")));
                if (service == Service.INGEST) {
                    extra.addAll(
                            sites.includesDemo()
                                    // the demo site pointed at the portal on loopback, with the demo's short delay
                                    ? Services.demoArgs("http://127.0.0.1:" + portalPort(), Duration.ofMillis(200))
                                    : List.of("--gongkai.ingest.initial-delay=1s"));
                }
                yield Services.start(repo, service, servicePort(service), wiring, home.resolve("logs"), extra)
                        .pid();
            }
        };
    }

    String portalList() {
        return "http://127.0.0.1:" + portalPort() + "/xxgk/index.html";
    }

    private List<String> javaCommand(String heap, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** The analysis plugin the notice template needs ({@code GONGKAI_ANALYSIS_PLUGIN_ZIP}, else the built one). */
    private Path analysisPlugin() {
        Path zip = Path.of(env(
                "GONGKAI_ANALYSIS_PLUGIN_ZIP",
                repo.resolve("analysis-plugin/target/gongkai-analysis.zip").toString()));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("analysis plugin " + zip + " not built: run ./mvnw -DskipTests package");
        }
        return zip;
    }

    static int portalPort() {
        return port("GONGKAI_PORTAL_PORT", 18080);
    }

    static int servicePort(Service service) {
        return port("GONGKAI_" + service.name() + "_PORT", service.defaultPort);
    }

    static int port(String variable, int fallback) {
        return Integer.parseInt(env(variable, Integer.toString(fallback)));
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
