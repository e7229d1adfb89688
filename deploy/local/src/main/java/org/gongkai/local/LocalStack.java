package org.gongkai.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gongkai.local.Services.Service;
import org.gongkai.testsupport.ChildProcess;
import org.gongkai.testsupport.LocalElasticsearch;
import org.gongkai.testsupport.LocalKafka;

/**
 * The local run: Kafka and Elasticsearch from Maven artifacts, the demo portal, the three pipeline services and
 * the search service (search page and API), each a
 * process of its own, all state below one folder. {@code start} returns once the first crawl of the demo site is
 * searchable (at once for a list without it) and leaves everything running; {@code stop} ends it; {@code status}
 * tells what runs and how the crawls of each site go ({@code /actuator/crawl}).
 *
 * <p>Usage: {@code LocalStack start [--sites FILE]|stop|status}. The site list is {@code --sites FILE}, else
 * {@code GONGKAI_SITES_FILE}, else {@code deploy/config/sites-demo.yml} ({@link SiteList}); the demo portal is started and
 * waited for only when the list has the demo site. Settings come from environment variables: {@code GONGKAI_HOME}
 * (state folder), {@code GONGKAI_REPO} (repository root), {@code GONGKAI_KAFKA_PORT} (9092),
 * {@code GONGKAI_ES_PORT} (9200), {@code GONGKAI_PORTAL_PORT} (18080), {@code GONGKAI_ES_HEAP} (512m),
 * {@code GONGKAI_INGEST_PORT} / {@code GONGKAI_ENRICH_PORT} / {@code GONGKAI_INDEX_PORT} (8081-8083),
 * {@code GONGKAI_SEARCH_PORT} (8084), {@code GONGKAI_LOG_FORMAT} (the services' log lines: empty for text, {@code ecs},
 * {@code logstash} or {@code gelf} for Spring Boot's structured JSON),
 * {@code GONGKAI_ANALYSIS_PLUGIN_ZIP} (the analysis plugin Elasticsearch installs; default: the built one).
 */
public final class LocalStack {

    /** Notice pages of the demo portal outside its catalogue (the four CMS styles under /xxgk/ and /art/). */
    static final int DEMO_PAGES = 4;

    private final Path repo;
    private final Path home;
    private final Path pids;

    LocalStack(Path repo, Path home) {
        this.repo = repo;
        this.home = home;
        this.pids = home.resolve("pids");
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(env("GONGKAI_REPO", ".")).toAbsolutePath().normalize();
        Path home = Path.of(env("GONGKAI_HOME", repo.resolve(".gongkai").toString()))
                .toAbsolutePath();
        LocalStack stack = new LocalStack(repo, home);
        String command = args.length > 0 ? args[0] : "help";
        List<String> options = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        int code = switch (command) {
            case "start" -> stack.startOrCleanUp(options);
            case "stop" -> stack.stop();
            case "status" -> stack.status();
            default -> {
                System.out.println("usage: gongkai start [--sites FILE]|stop|status");
                yield command.equals("help") ? 0 : 2;
            }
        };
        System.exit(code);
    }

    /** Starts with the shared site list and its demo site (the relevance evaluation needs the demo notices). */
    int startOrCleanUp() throws IOException, InterruptedException {
        return startOrCleanUp(List.of("--sites", Services.sitesFile(repo).toString()));
    }

    int startOrCleanUp(List<String> options) throws IOException, InterruptedException {
        SiteList sites;
        try {
            sites = SiteList.resolve(repo, options, System.getenv());
        } catch (IllegalArgumentException e) {
            say(e.getMessage());
            return 2;
        }
        try {
            return start(sites);
        } catch (RuntimeException e) {
            say("start failed: " + e.getMessage());
            say("stopping what was started; logs stay in " + home.resolve("logs"));
            stop();
            return 1;
        }
    }

    int start(SiteList sites) throws IOException, InterruptedException {
        if (!running().isEmpty()) {
            say("already running (" + String.join(", ", running().keySet()) + "); `stop` first");
            return 1;
        }
        Files.createDirectories(home.resolve("logs"));
        Files.deleteIfExists(pids);
        int kafkaPort = port("GONGKAI_KAFKA_PORT", 9092);
        int esPort = port("GONGKAI_ES_PORT", 9200);
        int portalPort = port("GONGKAI_PORTAL_PORT", 18080);
        Instant t0 = Instant.now();

        say("state in " + home);
        say("starting Kafka on 127.0.0.1:" + kafkaPort + " …");
        LocalKafka kafka = LocalKafka.start(home.resolve("kafka"), kafkaPort, System.getProperty("java.class.path"));
        record("kafka", kafka.pid());
        say("  Kafka up in " + since(t0));

        Instant t1 = Instant.now();
        say("starting Elasticsearch on 127.0.0.1:" + esPort + " …");
        LocalElasticsearch es = LocalElasticsearch.start(
                LocalElasticsearch.defaultZip(),
                home.resolve("elasticsearch"),
                esPort,
                env("GONGKAI_ES_HEAP", "512m"),
                List.of(analysisPlugin()));
        record("elasticsearch", es.pid());
        say("  Elasticsearch up in " + since(t1));

        say("site list " + sites.file() + (sites.includesDemo() ? " (with the demo site)" : ""));
        List<String> ingestArgs = List.of("--gongkai.ingest.initial-delay=1s");
        if (sites.includesDemo()) {
            ChildProcess portal = ChildProcess.start(
                    "demo-portal",
                    List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx64m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            DemoPortal.class.getName(),
                            Integer.toString(portalPort)),
                    home,
                    Map.of(),
                    home.resolve("logs/demo-portal.log"));
            record("demo-portal", portal.pid());
            String listUrl = "http://127.0.0.1:" + portalPort + "/xxgk/index.html";
            portal.awaitReady(() -> Services.status(listUrl) == 200, Duration.ofSeconds(30));
            say("demo portal at " + listUrl);
            // The demo site pointed at the portal on loopback, with the demo's short delay (that site only).
            ingestArgs = Services.demoArgs("http://127.0.0.1:" + portalPort, Duration.ofMillis(200));
        }
        var wiring = new Services.Wiring(kafka.bootstrapServers(), es.url(), sites.file(), operatorPassword());
        List<String> demo = ingestArgs;
        Instant t2 = Instant.now();
        Map<Service, ChildProcess> services = new LinkedHashMap<>();
        for (Service service : List.of(Service.INDEX, Service.ENRICH, Service.INGEST, Service.SEARCH)) {
            int port = servicePort(service);
            List<String> args = new ArrayList<>(Services.logFormatArgs(env("GONGKAI_LOG_FORMAT", "")));
            if (service == Service.INGEST) {
                args.addAll(demo);
            }
            ChildProcess process = Services.start(repo, service, port, wiring, home.resolve("logs"), args);
            record(service.module, process.pid());
            services.put(service, process);
        }
        for (var entry : services.entrySet()) {
            Services.awaitReady(entry.getValue(), servicePort(entry.getKey()), Duration.ofSeconds(180));
            say("  " + entry.getKey().module + " ready on :" + servicePort(entry.getKey()));
        }
        say("services ready in " + since(t2));

        long count = 0;
        long expected = 0;
        if (sites.includesDemo()) {
            say("crawling the demo portal …");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            expected = DEMO_PAGES + DemoCatalogue.shipped().notices().size();
            while (Instant.now().isBefore(deadline) && (count = count(es.url())) < expected) {
                Thread.sleep(1000); // waiting for an external effect with a deadline, not polling a test condition
            }
        } else {
            count = count(es.url());
            say("crawling your sites; follow it with: deploy/local/gongkai status");
        }
        say("the notices index holds " + count + " documents (" + since(t0) + " in all)");
        say("");
        say("Search page: " + searchPage() + "  (API: " + searchPage() + "api/search?q=…, description: " + searchPage()
                + "openapi.yaml)");
        say("Or query Elasticsearch directly:");
        say("  curl -s '" + es.url() + "/notices/_search?pretty' -H 'Content-Type: application/json' \\");
        say("       -d '{\"query\":{\"match_phrase\":{\"body\":\"退役军人\"}}}'");
        say("Health and metrics: http://127.0.0.1:" + servicePort(Service.INDEX) + "/actuator/health, "
                + "…/actuator/prometheus (ingest :" + servicePort(Service.INGEST) + ", enrich :"
                + servicePort(Service.ENRICH) + ", index :" + servicePort(Service.INDEX) + ", search :"
                + servicePort(Service.SEARCH) + ")");
        say("Operator endpoints (e.g. /actuator/crawl): user operator, password in "
                + home.resolve("operator-password"));
        say("Logs in " + home.resolve("logs") + "; stop with: deploy/local/gongkai stop");
        return count >= expected ? 0 : 1;
    }

    int stop() throws IOException {
        Map<String, Long> all = recorded();
        if (all.isEmpty()) {
            say("nothing recorded in " + pids);
            return 0;
        }
        List<String> names = new ArrayList<>(all.keySet());
        java.util.Collections.reverse(names); // services first, Kafka last
        for (String name : names) {
            Optional<ProcessHandle> handle = ProcessHandle.of(all.get(name));
            if (handle.isPresent() && handle.get().isAlive()) {
                ChildProcess.stopTree(handle.get(), Duration.ofSeconds(30));
                say("stopped " + name);
            }
        }
        Files.deleteIfExists(pids);
        return 0;
    }

    int status() throws IOException {
        Map<String, Long> all = recorded();
        if (all.isEmpty()) {
            say("not running (no " + pids + ")");
            return 3;
        }
        boolean allAlive = true;
        for (var entry : all.entrySet()) {
            boolean alive = ProcessHandle.of(entry.getValue())
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
            allAlive &= alive;
            String extra = "";
            for (Service service : Service.values()) {
                if (service.module.equals(entry.getKey()) && alive) {
                    extra = " readiness=" + Services.readiness(servicePort(service));
                    if (service == Service.SEARCH) {
                        extra += " " + searchPage();
                    }
                }
            }
            say(String.format(
                    "%-16s pid %-8d %s%s", entry.getKey(), entry.getValue(), alive ? "running" : "DEAD", extra));
        }
        String es = "http://127.0.0.1:" + port("GONGKAI_ES_PORT", 9200);
        say("notices in the index: " + count(es));
        if (ProcessHandle.of(all.getOrDefault(Service.INGEST.module, -1L))
                .map(ProcessHandle::isAlive)
                .orElse(false)) {
            String crawl =
                    get("http://127.0.0.1:" + servicePort(Service.INGEST) + "/actuator/crawl", operatorPassword());
            if (crawl != null) {
                say("crawls:");
                CrawlStatus.lines(crawl).forEach(line -> say("  " + line));
            }
        }
        return allAlive ? 0 : 1;
    }

    private Map<String, Long> running() throws IOException {
        Map<String, Long> alive = new LinkedHashMap<>();
        recorded().forEach((name, pid) -> {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                alive.put(name, pid);
            }
        });
        return alive;
    }

    private Map<String, Long> recorded() throws IOException {
        Map<String, Long> all = new LinkedHashMap<>();
        if (Files.exists(pids)) {
            for (String line : Files.readAllLines(pids)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    all.put(parts[0], Long.parseLong(parts[1]));
                }
            }
        }
        return all;
    }

    private void record(String name, long pid) throws IOException {
        Files.writeString(
                pids,
                name + " " + pid + "\n",
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * The operator's password of this local run's services (user {@code operator}, {@code gongkai.management.*}):
     * made once at random and kept in {@code $GONGKAI_HOME/operator-password}, readable by its owner only.
     */
    private String operatorPassword() throws IOException {
        Path file = home.resolve("operator-password");
        if (!Files.exists(file)) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            Files.createDirectories(home);
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own permissions protect it
            }
        }
        return Files.readString(file).trim();
    }

    /** The body of a GET (with the operator's basic authentication), or null when nothing answers 200 within 5 s. */
    private static String get(String url, String operatorPassword) {
        try {
            String basic = Base64.getEncoder()
                    .encodeToString(("operator:" + operatorPassword).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Authorization", "Basic " + basic)
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");

    static long count(String esUrl) {
        try {
            String body = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(esUrl + "/notices/_count"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = COUNT.matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The search page's address, e.g. {@code http://127.0.0.1:8084/}. */
    private static String searchPage() {
        return "http://127.0.0.1:" + servicePort(Service.SEARCH) + "/";
    }

    private static int servicePort(Service service) {
        return port("GONGKAI_" + service.name() + "_PORT", service.defaultPort);
    }

    private static int port(String variable, int fallback) {
        return Integer.parseInt(env(variable, Integer.toString(fallback)));
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

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String since(Instant start) {
        return String.format("%.1f s", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    private static void say(String line) {
        System.out.println("[gongkai] " + line);
    }
}
