package org.gongkai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gongkai.bench.Metric.Target;
import org.gongkai.local.JvmOptions;
import org.gongkai.local.Services.Service;

/**
 * What the stages of one {@link PipelineBenchmark} run share: the options, the run folder, the servers' process ids,
 * the services running, and the figures and notes gathered so far, with the helpers that turn a stage's
 * measurements into figures. Used by one thread (the stages run one after the other).
 */
final class BenchRun {

    final Path repo;
    final BenchOptions options;
    final Path work;
    final String kafka;
    final Elastic es;
    final String esUrl;
    final List<Metric> metrics = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** The 1-minute load average after each stage. */
    final List<Double> loads = new ArrayList<>();

    /** Synchronized: a signal's shutdown hook stops the services ({@link #stopServices}) while a stage reads it. */
    final Map<Service, ServiceProcess> running = Collections.synchronizedMap(new LinkedHashMap<>());
    /** The actuator calls that start ingest-service's crawls (one instance for the whole run). */
    final IngestCrawls crawls = new IngestCrawls();

    private final long kafkaPid;
    private final long esPid;
    private final JitMeter esJit;
    /** The broker's and the node's processes with their children (the timeline reads them every second). */
    private final ProcStats.ProcessTree kafkaTree;

    private final ProcStats.ProcessTree esTree;

    BenchRun(Path repo, BenchOptions options, Path work, String kafka, long kafkaPid, String esUrl, long esPid) {
        this.repo = repo;
        this.options = options;
        this.work = work;
        this.kafka = kafka;
        this.kafkaPid = kafkaPid;
        this.esUrl = esUrl;
        this.es = new Elastic(esUrl);
        this.esPid = esPid;
        this.esJit = new JitMeter(esPid, true);
        this.kafkaTree = new ProcStats.ProcessTree(kafkaPid);
        this.esTree = new ProcStats.ProcessTree(esPid);
    }

    /** CPU seconds so far of the Kafka broker and of Elasticsearch (each with its child processes). */
    double[] serversCpu() {
        return new double[] {kafkaTree.cpuSeconds(), esTree.cpuSeconds()};
    }

    /** Elasticsearch's process id. */
    long esPid() {
        return esPid;
    }

    /** CPU seconds so far of Elasticsearch's JIT compiler threads. */
    double esJitSeconds() {
        return esJit.cpuSeconds();
    }

    /**
     * Where a stage's CPU goes: the service (and of it, its JIT compiler threads), the broker and Elasticsearch, in
     * µs per item.
     */
    void cpuPerItem(String stage, String item, long items, double serviceCpu, double serviceJit, double[] servers0) {
        double[] servers = serversCpu();
        metrics.add(Metric.of(
                stage + ".service_cpu_us", stage + ": service CPU per " + item, serviceCpu / items * 1e6, "µs"));
        metrics.add(Metric.of(
                stage + ".service_jit_cpu_us",
                stage + ": of it, JIT compiler threads (C1, C2) per " + item,
                serviceJit / items * 1e6,
                "µs"));
        metrics.add(Metric.of(
                stage + ".service_jit_share",
                stage + ": JIT share of the service's CPU",
                serviceCpu > 0 ? serviceJit / serviceCpu * 100 : Double.NaN,
                "%"));
        metrics.add(Metric.of(
                stage + ".kafka_cpu_us",
                stage + ": Kafka broker CPU per " + item,
                (servers[0] - servers0[0]) / items * 1e6,
                "µs"));
        metrics.add(Metric.of(
                stage + ".es_cpu_us",
                stage + ": Elasticsearch CPU per " + item,
                (servers[1] - servers0[1]) / items * 1e6,
                "µs"));
    }

    /**
     * The stage's figures once the first {@code --warm-up} share of its items is through (the target is judged on
     * these): wall rate beside the baseline's wall rate (the index target), per-core rate beside the baseline's
     * per-core rate (the crawl and enrich targets), the service's CPU per item and, of it, the JIT's, and how the
     * JIT's share fell over the stage (a note).
     */
    void steadyMetrics(
            String stage, String item, String unit, SteadyState steady, Baselines.Run baseline, Target target) {
        SteadyState.Window w = steady.window();
        String after = ", steady state (after the first " + Math.round(options.warmUp() * 100) + " %)";
        double perSecond = w == null ? Double.NaN : w.perSecond();
        double perCore = w == null ? Double.NaN : w.perCoreSecond();
        boolean wallTarget = target.ofBaseline();
        Metric wall = Metric.of(
                        stage + "." + item + "s_per_s_steady", stage + ": " + unit + " (wall)" + after, perSecond, unit)
                .withBaseline(baseline.perSecond());
        Metric core = Metric.of(
                        stage + "." + item + "s_per_core_s_steady",
                        stage + ": " + unit + " per core" + after,
                        perCore,
                        unit)
                .withBaseline(baseline.perCoreSecond());
        metrics.add(wallTarget ? wall.withTarget(target) : wall);
        // the index baseline's CPU is the loader's JVM only (Elasticsearch does the work): no per-core comparison
        metrics.add(wallTarget ? Metric.of(core.name(), core.label(), perCore, unit) : core.withTarget(target));
        metrics.add(Metric.of(
                stage + ".service_cpu_us_steady",
                stage + ": service CPU per " + item + after,
                w == null ? Double.NaN : w.cpuSeconds() / w.items() * 1e6,
                "µs"));
        metrics.add(Metric.of(
                stage + ".service_jit_cpu_us_steady",
                stage + ": of it, JIT compiler threads per " + item + after,
                w == null ? Double.NaN : w.jitSeconds() / w.items() * 1e6,
                "µs"));
        metrics.add(Metric.of(
                stage + ".service_jit_share_steady",
                stage + ": JIT share of the service's CPU" + after,
                w == null ? Double.NaN : w.jitShare() * 100,
                "%"));
        if (w == null) {
            notes.add(stage + ": no steady-state window (fewer items than the warm-up share, or none after it)");
        }
        notes.add(stage + ": JIT share of the service's CPU by tenth of the stage's items: "
                + steady.jitShareByTenth().stream()
                        .map(s -> Double.isNaN(s) ? "–" : String.format(Locale.ROOT, "%.0f %%", s * 100))
                        .collect(Collectors.joining(", ")));
    }

    /** Starts a service with this run's JVM options; its first start's time to ready is a figure. */
    ServiceProcess start(Service service, List<String> args) {
        return start(service, args, Map.of());
    }

    /** {@link #start(Service, List)} with {@code environment} added to the services' own. */
    ServiceProcess start(Service service, List<String> args, Map<String, String> environment) {
        List<String> jvm = new ArrayList<>(options.jvmOptions(service));
        if (options.jfr()) {
            jvm.add("-XX:StartFlightRecording=filename="
                    + work.resolve(service.module + "-" + System.nanoTime() + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        Map<String, String> env = new LinkedHashMap<>(JvmOptions.ENVIRONMENT);
        env.putAll(environment);
        ServiceProcess process = ServiceProcess.start(repo, service, jvm, env, args, work.resolve("logs"));
        running.put(service, process);
        boolean firstStart = metrics.stream().noneMatch(m -> m.name().equals(service.module + ".ready_s"));
        if (firstStart) {
            metrics.add(Metric.of(
                            service.module + ".ready_s",
                            service.module + ": start to ready",
                            process.readySeconds(),
                            "s")
                    .withTarget(Target.atMost(10)));
        }
        say("   " + service.module + " ready in " + String.format("%.1f", process.readySeconds()) + " s");
        return process;
    }

    /** ingest-service's CPU seconds so far, 0 when it does not run. */
    double ingestCpu() {
        ServiceProcess ingest = running.get(Service.INGEST);
        return ingest == null ? 0 : ingest.cpuSeconds();
    }

    /**
     * The CPU ingest-service used, idle (its sites crawled, the next crawls a day away), during a stage that
     * should have the machine to itself: the stage's share of the one instance the whole run keeps.
     */
    void idleIngest(String stage, double cpu0, long nanos0) {
        double seconds = (System.nanoTime() - nanos0) / 1e9;
        metrics.add(Metric.of(
                "ingest.idle_cpu_ms_per_s_" + stage,
                "ingest-service CPU while idle during the " + stage + " stage",
                (ingestCpu() - cpu0) / seconds * 1000,
                "ms/s"));
    }

    /** Stops every service still running; safe to call twice and from a shutdown hook. */
    void stopServices() {
        List<ServiceProcess> all;
        synchronized (running) {
            all = List.copyOf(running.values());
            running.clear();
        }
        all.forEach(ServiceProcess::close);
    }

    /** Stops a service started by {@link #start}. */
    void stop(Service service) {
        ServiceProcess process = running.remove(service);
        if (process != null) {
            process.close();
        }
    }

    /** The value of a figure gathered so far, or {@code NaN}. */
    double metric(String name) {
        return metrics.stream()
                .filter(m -> m.name().equals(name))
                .mapToDouble(Metric::value)
                .findFirst()
                .orElse(Double.NaN);
    }

    /** ingest-service's one site list for the whole run ({@link SiteList}), in the run folder. */
    Path sitesFile(String name, List<SiteList.Group> groups) throws IOException {
        return SiteList.write(work.resolve(name), groups);
    }

    /** Parses a run's options; throws {@link IllegalArgumentException} with the message for the user. */
    @FunctionalInterface
    interface OptionsParser<O> {
        O parse(Path repo, String... args);
    }

    /** Runs the benchmark with its options in its work folder. */
    @FunctionalInterface
    interface Measurement<O> {
        Report run(O options, Path work) throws Exception;
    }

    /**
     * The entry points' shape ({@link PipelineBenchmark}, {@link IndexScaling}): parses the options (a bad one: its
     * message on stderr, exit status 2), makes the work folder {@code deploy/bench/target/<workPrefix>-<millis>},
     * runs, writes the report's JSON to {@code out}, prints its table and notes, and exits 0.
     */
    static <O> void runAndReport(
            Path repo,
            String workPrefix,
            String[] args,
            OptionsParser<O> parser,
            Function<O, Path> out,
            Measurement<O> measurement)
            throws Exception {
        O options;
        try {
            options = parser.parse(repo, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path work = repo.resolve("deploy/bench/target/" + workPrefix + "-" + System.currentTimeMillis());
        Files.createDirectories(work);
        Report report = measurement.run(options, work);
        report.write(out.apply(options));
        System.out.println();
        System.out.println(report.table());
        report.notes().forEach(n -> System.out.println("- " + n));
        System.out.println("\nJSON: " + out.apply(options));
        System.exit(0);
    }

    static void say(String line) {
        System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + line);
    }
}
