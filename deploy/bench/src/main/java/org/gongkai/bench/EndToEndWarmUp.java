package org.gongkai.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.gongkai.local.Services.Service;

/**
 * The end-to-end stage's untimed warm-up round, as JMH's warm-up iterations: {@code --e2e-warm-up-seconds} of
 * notices offered at the timed round's rate, from sites of their own (so the timed round's notices and URLs are all
 * new), a wait until all are published (ending early only if publishing stalls), then a bounded wait until all of
 * them are searchable, so that the timed round measures warm processes (the
 * JIT's compiling, class loading and first connections of the all-services path fall here) and starts on empty
 * queues. index-service is scraped every second meanwhile, as the timed round's timeline does ({@link ScrapeWarmer}). Its latencies and CPU per notice are reported as rows and a note that carry no verdict. Used by one
 * thread.
 */
final class EndToEndWarmUp {

    /** The wait for the warm-up notices to be published ends early only when none came for this long. */
    static final Duration PUBLISH_STALL = Duration.ofSeconds(30);

    /** The longest wait for the last warm-up notices to be searchable after the last one was published. */
    static final Duration SEARCHABLE_WAIT = Duration.ofSeconds(60);

    private EndToEndWarmUp() {}

    /**
     * Runs the round.
     *
     * @return the rate the round offered (notices published ÷ first to last publish, notices/s), NaN when fewer than
     *     two were published
     */
    static double run(BenchRun run, ServiceProcess ingest, SiteList.Group sites, int count) {
        BenchRun.say("4. end to end, warm-up round (untimed): " + count + " notices at ~" + run.options.e2eRate()
                + "/s from " + sites.sites().size() + " sites of its own …");
        try (RoundWatch watch = RoundWatch.open(run);
                ScrapeWarmer scrapes =
                        ScrapeWarmer.start(run.running.get(Service.INDEX).port())) {
            Latencies latencies = watch.latencies();
            TopicWatcher raw = watch.raw();
            Map<String, Double> cpu0 = cpu(run);
            long start = System.nanoTime();
            double requests = run.crawls.crawlNow(ingest, sites.ids());
            // all of it, however slow the machine (its crawls must not run on into the timed round), unless it stalls
            raw.await(count, PUBLISH_STALL);
            long searchableBy = System.nanoTime() + SEARCHABLE_WAIT.toNanos();
            while (latencies.pending() > 0 && System.nanoTime() < searchableBy) {
                ServiceProcess.pause(200);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Double> used = new LinkedHashMap<>();
            cpu(run).forEach((name, s) -> used.put(name, s - cpu0.getOrDefault(name, 0.0)));
            used.merge(
                    Service.INGEST.module,
                    -requests,
                    Double::sum); // the harness's crawl requests, as in the timed round
            Latencies.Held held = latencies.closePending();
            Latencies.Legs legs = latencies.legs();
            long published = raw.count();
            String notJudged = " (warm-up round, untimed: not judged)";
            double offered = published < 2 ? Double.NaN : published / Math.max(raw.spanSeconds(), 1e-3);
            run.metrics.add(Metric.of(
                    "e2e.warm_up_offered_per_s", "end to end: offered rate" + notJudged, offered, "notices/s"));
            for (int p : new int[] {50, 99}) {
                run.metrics.add(Metric.of(
                        "e2e.warm_up_p" + p + "_ms",
                        "end to end: publish → searchable p" + p + notJudged,
                        Latencies.percentile(legs.total(), p),
                        "ms"));
            }
            if (published > 0) {
                EndToEndCpu machine = new EndToEndCpu(
                        published, seconds, used, Map.of(), Runtime.getRuntime().availableProcessors());
                run.metrics.add(Metric.of(
                        "e2e.warm_up_machine_cpu_us",
                        "end to end: CPU per notice, all processes together" + notJudged,
                        machine.sumMicrosPerNotice(),
                        "µs"));
                run.notes.addAll(machine.notes("end to end, warm-up round (untimed, not judged): CPU per notice"));
            }
            int notSearchable = held.inEnrich() + held.inIndex();
            if (published < count || notSearchable > 0) {
                run.notes.add(String.format(
                        Locale.ROOT,
                        "end to end, warm-up round: %d of %d notices published, %d not searchable %d s after (%d not"
                                + " yet enriched): the timed round may start behind them",
                        published,
                        count,
                        notSearchable,
                        SEARCHABLE_WAIT.toSeconds(),
                        held.inEnrich()));
            }
            BenchRun.say(String.format(
                    Locale.ROOT,
                    "   warm-up: %d notices, p50 %.0f ms, p99 %.0f ms",
                    published,
                    Latencies.percentile(legs.total(), 50),
                    Latencies.percentile(legs.total(), 99)));
            return offered;
        }
    }

    /** CPU seconds so far of each process that takes part, by the timed round's names. */
    private static Map<String, Double> cpu(BenchRun run) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (Map.Entry<Service, ServiceProcess> e : run.running.entrySet()) {
            cpu.put(e.getKey().module, e.getValue().cpuSeconds());
        }
        double[] servers = run.serversCpu();
        cpu.put("kafka", servers[0]);
        cpu.put("elasticsearch", servers[1]);
        cpu.put("harness", ProcStats.ownCpuSeconds());
        return cpu;
    }
}
