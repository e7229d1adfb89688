package org.gongkai.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gongkai.local.Services.Service;
import org.gongkai.servers.ChildProcess;

/**
 * The local run: Kafka and Elasticsearch from Maven artifacts, the demo portal, the three pipeline services and
 * the search service (search page and API), each a
 * process of its own, all state below one folder. {@code start} returns once the first crawl of the demo site is
 * searchable (at once for a list without it) and leaves everything running; {@code stop} ends it; {@code status}
 * tells what runs and how the crawls of each site go ({@code /actuator/crawl}, {@link StackStatus}).
 *
 * <p>{@code start} starts only what is not running (so it also brings back what died) and leaves a {@link Supervisor}
 * running that restarts any recorded process that dies; {@code restart SERVICE…} replaces one component; the process
 * table is {@link PidFile}, the components are started by {@link Components}.
 *
 * <p>Usage: {@code LocalStack start [--sites FILE]|restart SERVICE…|stop|status|supervise}. The site list is {@code --sites FILE}, else
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

    private final Path repo;
    private final Path home;
    private final PidFile pids;

    LocalStack(Path repo, Path home) {
        this.repo = repo;
        this.home = home;
        this.pids = new PidFile(home);
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
            case "restart" -> stack.restart(options);
            case "supervise" -> new Supervisor(stack.pids, new Components(repo, home, stack.operatorPassword())).run();
            default -> {
                System.out.println("usage: gongkai start [--sites FILE]|restart SERVICE…|stop|status");
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
            Optional<SiteList> running = runningSites();
            sites = running.isPresent()
                    ? SiteList.resolveWhileRunning(repo, options, System.getenv(), running.get())
                    : SiteList.resolve(repo, options, System.getenv());
            ReadyWait.timeout(); // a bad value fails here, before anything starts
        } catch (IllegalArgumentException e) {
            say(e.getMessage());
            return 2;
        }
        try {
            return start(sites);
        } catch (RuntimeException e) {
            say("start failed: " + e.getMessage());
            say("stopping everything; logs stay in " + home.resolve("logs"));
            stop();
            return 1;
        }
    }

    /** The site list the running parts were started with; empty when nothing runs (or it was never recorded). */
    private Optional<SiteList> runningSites() throws IOException {
        if (pids.alive().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Components(repo, home, operatorPassword()).sites());
        } catch (IllegalStateException | java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    int start(SiteList sites) throws IOException, InterruptedException {
        Map<String, Long> alive = pids.alive();
        List<String> wanted = Components.all(sites);
        if (alive.keySet().containsAll(wanted)) {
            say("already running (" + String.join(", ", alive.keySet()) + ")");
            return 0;
        }
        Files.createDirectories(home.resolve("logs"));
        Components components = new Components(repo, home, operatorPassword());
        components.rememberSites(sites);
        Instant t0 = Instant.now();
        say("state in " + home);
        if (!alive.isEmpty()) {
            say("running already: " + String.join(", ", alive.keySet()) + "; starting only what is not");
        }
        say("site list " + sites.file() + (sites.includesDemo() ? " (with the demo site)" : ""));
        Map<Service, Long> started = new LinkedHashMap<>();
        // the restart lock keeps the supervisor from starting the same component meanwhile
        try (var lock = pids.restartLock()) {
            startMissing(components, sites, pids.alive(), wanted, started);
        }
        ReadyWait.Timeout timeout = ReadyWait.timeout();
        if (!started.isEmpty()) {
            say("waiting up to " + timeout.duration().toSeconds() + " s for each service to be ready (" + timeout.how()
                    + "; " + ReadyWait.VARIABLE + " sets it)");
        }
        for (var entry : started.entrySet()) {
            ReadyWait.await(entry.getKey(), entry.getValue(), log(entry.getKey()), timeout);
            say("  " + entry.getKey().module + " ready on :" + servicePort(entry.getKey()));
        }
        if (!started.isEmpty()) {
            say("services ready in " + since(t0));
        }
        if (!alive.containsKey(Components.SUPERVISOR) && !"0".equals(System.getenv("GONGKAI_SUPERVISE"))) {
            pids.put(Components.SUPERVISOR, components.start(Components.SUPERVISOR, sites));
            say("supervisor started: a component that dies is started again (log: "
                    + home.resolve("logs/supervisor.log") + ")");
        }

        return StartReport.print(home, sites, t0);
    }

    private void startMissing(
            Components components,
            SiteList sites,
            Map<String, Long> alive,
            List<String> wanted,
            Map<Service, Long> started)
            throws IOException {
        for (String name : wanted) {
            if (alive.containsKey(name) || name.equals(Components.SUPERVISOR)) {
                continue;
            }
            Instant t = Instant.now();
            say("starting " + name + " …");
            long pid = components.start(name, sites);
            pids.put(name, pid);
            Optional<Service> service = Components.service(name);
            if (service.isPresent()) {
                started.put(service.get(), pid);
            } else {
                say("  " + name + " up in " + since(t));
            }
            if (name.equals(Components.PORTAL)) {
                say("demo portal at " + components.portalList());
            }
        }
    }

    /**
     * Stops each named component if it runs and starts it again (a service: waits until it is ready), holding the
     * restart lock so the supervisor does not start it a second time meanwhile.
     */
    int restart(List<String> names) throws IOException, InterruptedException {
        if (names.isEmpty()) {
            say("usage: gongkai restart SERVICE… (ingest-service, enrich-service, index-service, search-service,"
                    + " demo-portal, kafka, elasticsearch)");
            return 2;
        }
        Components components = new Components(repo, home, operatorPassword());
        SiteList sites;
        try {
            sites = components.sites();
        } catch (IllegalStateException e) {
            say(e.getMessage());
            return 2;
        }
        for (String given : names) {
            String name = Components.service(given).map(s -> s.module).orElse(given);
            if (!Components.all(sites).contains(name) || name.equals(Components.SUPERVISOR)) {
                say("unknown service " + given + " (one of " + String.join(", ", Components.all(sites)) + ")");
                return 2;
            }
            try (var lock = pids.restartLock()) {
                Long old = pids.read().get(name);
                if (old != null && PidFile.isAlive(old)) {
                    ChildProcess.stopTree(ProcessHandle.of(old).orElseThrow(), Duration.ofSeconds(30));
                    say("stopped " + name + " (pid " + old + ")");
                }
                long pid = components.start(name, sites);
                pids.put(name, pid);
                Optional<Service> service = Components.service(name);
                if (service.isPresent()) {
                    try {
                        ReadyWait.await(service.get(), pid, log(service.get()), ReadyWait.timeout());
                    } catch (IllegalStateException notReady) {
                        // the message names the log and its telling line; a stack trace of this tool says nothing
                        say(notReady.getMessage());
                        return 1;
                    }
                }
                say("started " + name + " (pid " + pid + ")" + (service.isPresent() ? ", ready" : ""));
            }
        }
        return 0;
    }

    /** A service's log file ({@link Services#start}). */
    private Path log(Service service) {
        return home.resolve("logs").resolve(service.module + ".log");
    }

    int stop() throws IOException {
        Map<String, Long> all = pids.read();
        if (all.isEmpty()) {
            say("nothing recorded in " + pids.path());
            return 0;
        }
        // The supervisor first and alone (not its process tree: components it restarted are its children), so it
        // does not start again what is being stopped; the restart lock waits for a restart it is in the middle of.
        try (var lock = pids.restartLock()) {
            stopAll(all);
        }
        pids.delete();
        return 0;
    }

    private void stopAll(Map<String, Long> all) {
        Long supervisor = all.remove(Components.SUPERVISOR);
        if (supervisor != null) {
            Optional<ProcessHandle> handle = ProcessHandle.of(supervisor);
            if (handle.isPresent() && handle.get().isAlive()) {
                handle.get().destroy();
                try {
                    handle.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    handle.get().destroyForcibly();
                }
                say("stopped supervisor");
            }
        }
        List<String> names = new ArrayList<>(all.keySet());
        java.util.Collections.reverse(names); // services first, Kafka last
        for (String name : names) {
            Optional<ProcessHandle> handle = ProcessHandle.of(all.get(name));
            if (handle.isPresent() && handle.get().isAlive()) {
                ChildProcess.stopTree(handle.get(), Duration.ofSeconds(30));
                say("stopped " + name);
            }
            if (name.equals(Components.ELASTICSEARCH) && Leftovers.endElasticsearch(home, Duration.ofSeconds(30)) > 0) {
                say("stopped an Elasticsearch node its killed launcher had left running");
            }
        }
    }

    int status() throws IOException {
        return new StackStatus(pids, home).print();
    }

    /** See {@link OperatorPassword}. */
    private String operatorPassword() throws IOException {
        return OperatorPassword.of(home);
    }

    private static int servicePort(Service service) {
        return Components.servicePort(service);
    }

    private static String env(String name, String fallback) {
        return Components.env(name, fallback);
    }

    static String since(Instant start) {
        return String.format("%.1f s", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    static void say(String line) {
        System.out.println("[gongkai] " + line);
    }
}
