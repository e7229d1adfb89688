package org.gongkai.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.gongkai.local.Services.Service;

/**
 * Stage 4: all three services, each still running from its own stage (ingest-service from the crawl stage, asked now
 * to crawl the end-to-end sites), at a fixed offered rate: first an untimed warm-up round ({@link EndToEndWarmUp}, on
 * sites of its own), then the timed round: publish → searchable latencies and their legs, each service's CPU while
 * the crawler publishes, and each one's resident memory at steady state. Used by one thread.
 */
final class EndToEndStage {

    private EndToEndStage() {}

    /**
     * @param timed  the timed round's sites ({@code --e2e-sites}, {@code --e2e-rate} × {@code --e2e-seconds} notices)
     * @param warmUp the warm-up round's sites, or {@code null} for none
     */
    static void run(BenchRun run, SiteList.Group timed, SiteList.Group warmUp) throws Exception {
        BenchOptions options = run.options;
        int count = options.e2eCount();
        // Each site is paced by its politeness delay (robots.txt Crawl-delay, read on the sites' first crawl, which is
        // now: the crawler was started before the pace was known); see Pacing for how the delay is found.
        double crawlRate = run.metric("crawl.pages_per_s");
        double pageSeconds = Double.isNaN(crawlRate) ? 0.0 : options.sites() / crawlRate;
        Duration firstGuess = Pacing.firstGuess(options.e2eSites(), options.e2eRate(), pageSeconds);
        Duration crawlDelay = firstGuess;
        ServiceProcess ingest = run.running.get(Service.INGEST);
        double warmOffered = Double.NaN;
        if (warmUp != null) {
            warmUp.server().crawlDelay(firstGuess);
            warmOffered = EndToEndWarmUp.run(run, ingest, warmUp, options.e2eWarmUpCount());
            crawlDelay = Pacing.calibrated(
                    options.e2eSites(),
                    options.e2eRate(),
                    firstGuess,
                    warmUp.sites().size(),
                    warmOffered);
        }
        timed.server().crawlDelay(crawlDelay);
        run.notes.add(Pacing.note(
                options.e2eSites(),
                options.e2eRate(),
                firstGuess,
                warmUp == null ? 0 : warmUp.sites().size(),
                warmOffered,
                crawlDelay));
        BenchRun.say("4. end to end: " + count + " notices at ~" + options.e2eRate() + "/s (" + options.e2eSites()
                + " sites, " + crawlDelay.toMillis() + " ms apart each) …");
        try (RoundWatch watch = RoundWatch.open(run)) {
            Latencies latencies = watch.latencies();
            TopicWatcher raw = watch.raw();
            TopicWatcher enriched = watch.enriched();
            Map<String, DoubleSupplier> cpu = cpuSources(run);
            EndToEndTimeline timeline = new EndToEndTimeline(
                    run.es,
                    run.kafka,
                    "index-service",
                    PipelineBenchmark.ENRICHED,
                    RoundWatch.ALIAS,
                    new EndToEndTimeline.Sources(
                            raw::count,
                            enriched::count,
                            latencies::found,
                            latencies::pending,
                            latencies.poller()::rounds,
                            latencies.poller()::checks,
                            latencies.poller()::searchNanos,
                            latencies::unaskedNowMillis,
                            cpu,
                            run.running.get(Service.INDEX).port()));
            Map<Service, Double> cpu0 = new LinkedHashMap<>();
            run.running.forEach((s, p) -> cpu0.put(s, p.cpuSeconds()));
            Map<String, Double> esThreads0 = ThreadCpu.snapshot(run.esPid());
            double[] servers0 = run.serversCpu();
            double harness0 = ProcStats.ownCpuSeconds();
            long stage0 = System.nanoTime();
            // the password checks of these requests are the harness's way of starting the crawls (a deployed
            // crawler's scheduler starts them for free): left out of ingest-service's figures, reported apart
            long requested = System.currentTimeMillis();
            double requests = run.crawls.crawlNow(ingest, timed.ids());
            long answered = System.currentTimeMillis();
            Map<Service, Double> rss = new LinkedHashMap<>();
            long wall0 = System.nanoTime();
            long deadline = System.nanoTime()
                    + Duration.ofSeconds(options.e2eSeconds() * 3L + 60).toNanos();
            long quarter = Duration.ofSeconds(options.e2eSeconds()).toNanos() / 4;
            while (raw.count() < count && System.nanoTime() < deadline) {
                ServiceProcess.pause(1000);
                // steady state: the largest RSS once a quarter of the notices or of the asked time is through
                if (raw.count() > count / 4 || System.nanoTime() - wall0 > quarter) {
                    run.running.forEach((s, p) -> rss.merge(s, p.rssBytes(), Math::max));
                }
            }
            double publishSeconds = (System.nanoTime() - wall0) / 1e9;
            Map<Service, Double> cores = new LinkedHashMap<>();
            run.running.forEach((s, p) -> cores.put(s, (p.cpuSeconds() - cpu0.getOrDefault(s, 0.0)) / publishSeconds));
            cores.merge(Service.INGEST, -requests / publishSeconds, Double::sum);
            long idleUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (latencies.pending() > 0 && System.nanoTime() < idleUntil) {
                ServiceProcess.pause(200);
            }
            Map<String, Double> esThreads = ThreadCpu.snapshot(run.esPid());
            double[] servers = run.serversCpu();
            double harness = ProcStats.ownCpuSeconds();
            double stageSeconds = (System.nanoTime() - stage0) / 1e9;
            Map<String, Double> used = new LinkedHashMap<>();
            run.running.forEach((s, p) -> used.put(s.module, p.cpuSeconds() - cpu0.getOrDefault(s, 0.0)));
            used.merge(Service.INGEST.module, -requests, Double::sum);
            used.put("kafka", servers[0] - servers0[0]);
            used.put("elasticsearch", servers[1] - servers0[1]);
            used.put("harness", harness - harness0);
            EndToEndCpu machine = new EndToEndCpu(
                    raw.count(),
                    stageSeconds,
                    used,
                    ThreadCpu.between(esThreads0, esThreads, servers[1] - servers0[1]),
                    Runtime.getRuntime().availableProcessors());
            timeline.close();
            timeline.write(run.work.resolve("e2e-timeline.tsv"));
            run.loads.add(ProcStats.loadAverage());
            Latencies.Held held = latencies.closePending();
            EndToEndFigures figures = new EndToEndFigures(
                    options.e2eRate(),
                    timed.sites().size(),
                    raw.count(),
                    raw.count() / raw.spanSeconds(),
                    latencies.legs(),
                    held,
                    cores,
                    ProcStats.loadAverage(),
                    latencies.legsAfterWarmUp(options.warmUp()),
                    options.warmUp());
            run.metrics.addAll(figures.metrics());
            run.notes.addAll(figures.notes());
            run.metrics.addAll(machine.metrics());
            run.metrics.add(Metric.of(
                    "e2e.crawl_requests_cpu_us",
                    "end to end: ingest-service CPU answering the harness's "
                            + timed.ids().size()
                            + " crawl requests (bcrypt password checks), per notice; left out of its figures",
                    requests / Math.max(1, raw.count()) * 1e6,
                    "µs"));
            run.notes.addAll(machine.notes());
            run.notes.add(startNote(latencies, requested, answered, options.e2eRate()));
            run.metrics.add(Metric.of(
                    "e2e.poller_failed_searches",
                    "end to end: searches (and refresh checks) of the searchable poller that failed (error answer or"
                            + " timeout)",
                    latencies.poller().failedSearches(),
                    "searches"));
            run.metrics.add(Metric.of(
                    "e2e.poller_longest_search_ms",
                    "end to end: the searchable poller's longest search (a stall there delays every latency)",
                    latencies.poller().longestSearchMillis(),
                    "ms"));
            run.metrics.add(Metric.of(
                    "e2e.poller_longest_unasked_ms",
                    "end to end: the longest a pending notice went unasked by the searchable poller after a refresh"
                            + " may have made it searchable (its own delay in every latency: a check and a search"
                            + " while it keeps up)",
                    latencies.longestUnaskedMillis(),
                    "ms"));
            if (latencies.poller().firstFailure() != null) {
                run.notes.add("end to end: the searchable poller's first failed search: "
                        + latencies.poller().firstFailure());
            }
            if (enriched.count() < raw.count()) {
                run.notes.add(
                        "end to end: " + enriched.count() + " of " + raw.count() + " notices reached notices.enriched");
            }
            for (Service s : List.of(Service.INGEST, Service.ENRICH, Service.INDEX)) {
                run.metrics.addAll(ResidentMemory.steadyState(s.module, rss.getOrDefault(s, Double.NaN)));
            }
            run.stop(Service.INGEST);
        }
    }

    /**
     * The round's start at a finer grain than the timeline: when the crawl requests were answered and the notices
     * published in each 200 ms of the first 5 s after they went out (session 14: is the start a burst?).
     */
    static String startNote(Latencies latencies, long requested, long answered, int rate) {
        int[] counts = latencies.publishedPerStep(requested, 200, 25);
        StringBuilder out = new StringBuilder("end to end: the timed round's start: crawl requests answered in ")
                .append(answered - requested)
                .append(" ms; notices published in each 200 ms of the first 5 s after the requests went out (")
                .append(rate / 5)
                .append(" a step at the asked rate):");
        for (int c : counts) {
            out.append(' ').append(c);
        }
        return out.toString();
    }

    /**
     * What the timeline samples each second: each running service's CPU seconds, the broker's, the node's, the
     * harness's, and the services' and the node's JIT compiler threads'.
     */
    static Map<String, DoubleSupplier> cpuSources(BenchRun run) {
        Map<String, DoubleSupplier> cpu = new LinkedHashMap<>();
        run.running.forEach((s, p) -> cpu.put(s.module.replace("-service", ""), p::cpuSeconds));
        cpu.put("kafka", () -> run.serversCpu()[0]);
        cpu.put("es", () -> run.serversCpu()[1]);
        cpu.put("harness", ProcStats::ownCpuSeconds);
        // and of that, the compiler threads' (session 14: is the start of a round still compiling?); meters of their
        // own, read by the timeline's thread only
        run.running.forEach((s, p) -> {
            JitMeter jit = new JitMeter(p.pid(), false);
            cpu.put(s.module.replace("-service", "") + "_jit", jit::cpuSeconds);
        });
        JitMeter esJit = new JitMeter(run.esPid(), true);
        cpu.put("es_jit", esJit::cpuSeconds);
        return cpu;
    }
}
