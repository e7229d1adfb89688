package org.gongkai.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gongkai.local.JvmOptions;
import org.gongkai.local.Services.Service;

/**
 * The harness's options ({@code deploy/bench/run --notices 5000 …}); every one has a default.
 *
 * @param notices        notice pages in the throughput corpus (mirror copies included), default 20,000
 * @param sites          sites the corpus is dealt to (one loopback host each), default 4
 * @param e2eRate        offered rate of the end-to-end run, notices/s, default 200
 * @param e2eSeconds     length of the end-to-end run, default 30 s
 * @param e2eSites       sites of the end-to-end corpus, default 40 (each paced by its politeness delay; many sites, each
 *                       slow, so that a slower fetch under load changes the offered rate little)
 * @param e2eWarmUpSeconds length of the end-to-end stage's untimed warm-up round before the timed one, at the same
 *                       rate on as many sites of their own, default 15 s; 0 = no warm-up round
 * @param seed           corpus seed, default 42
 * @param out            JSON report, default {@code deploy/bench/target/benchmark.json}
 * @param realNotices    the real notices the text comes from, default {@code ../shared/data/real-notices/notices.jsonl}
 * @param serviceJvm     JVM options of every service instead of each one's own ({@link JvmOptions}, the default: empty)
 * @param serviceJvmAdd  JVM options added after them, e.g. {@code -XX:NativeMemoryTracking=summary}; default none
 * @param jfr            record a JFR profile of each service into the run folder
 * @param indexThreads   raw loader requests in flight: the index-service's consumers
 *                       ({@code spring.kafka.listener.concurrency}, default 3)
 * @param warmUp         share of each throughput stage's items left out of its steady-state figures, default 0.2
 *                       ({@code --warm-up 20}, in per cent)
 */
record BenchOptions(
        int notices,
        int sites,
        int e2eRate,
        int e2eSeconds,
        int e2eSites,
        int e2eWarmUpSeconds,
        long seed,
        Path out,
        Path realNotices,
        List<String> serviceJvm,
        List<String> serviceJvmAdd,
        boolean jfr,
        int indexThreads,
        double warmUp) {

    static BenchOptions parse(Path repo, String... args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            if (a.equals("--jfr")) {
                o.put("jfr", "true");
            } else if (a.contains("=")) {
                o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                o.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(a + " needs a value");
            }
        }
        List<String> known = List.of(
                "notices",
                "sites",
                "e2e-rate",
                "e2e-seconds",
                "e2e-sites",
                "e2e-warm-up-seconds",
                "seed",
                "out",
                "real-notices",
                "service-jvm",
                "service-jvm-add",
                "jfr",
                "index-threads",
                "warm-up");
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: " + known);
            }
        }
        BenchOptions options = new BenchOptions(
                positive(o.getOrDefault("notices", "20000"), "notices"),
                positive(o.getOrDefault("sites", "4"), "sites"),
                positive(o.getOrDefault("e2e-rate", "200"), "e2e-rate"),
                positive(o.getOrDefault("e2e-seconds", "30"), "e2e-seconds"),
                positive(o.getOrDefault("e2e-sites", "40"), "e2e-sites"),
                notNegative(o.getOrDefault("e2e-warm-up-seconds", "15"), "e2e-warm-up-seconds"),
                Long.parseLong(o.getOrDefault("seed", "42")),
                Path.of(o.getOrDefault(
                        "out",
                        repo.resolve("deploy/bench/target/benchmark.json").toString())),
                Path.of(o.getOrDefault(
                        "real-notices",
                        repo.resolve("../shared/data/real-notices/notices.jsonl")
                                .toString())),
                words(o.getOrDefault("service-jvm", "")),
                words(o.getOrDefault("service-jvm-add", "")),
                Boolean.parseBoolean(o.getOrDefault("jfr", "false")),
                positive(o.getOrDefault("index-threads", "3"), "index-threads"),
                percent(o.getOrDefault("warm-up", "20"), "warm-up"));
        if (options.sites() + options.e2eSites() * (options.e2eWarmUpSeconds() > 0 ? 2 : 1) > 250) {
            // the warm-up round has as many sites as the timed one, on addresses of their own
            throw new IllegalArgumentException(
                    "sites + e2e-sites (twice with a warm-up round) must stay within" + " 127.0.0.1–127.0.0.250");
        }
        return options;
    }

    /** A service's JVM options in this run: {@code --service-jvm} or its own ({@link JvmOptions}), then the additions. */
    List<String> jvmOptions(Service service) {
        List<String> jvm = new ArrayList<>(serviceJvm.isEmpty() ? JvmOptions.of(service) : serviceJvm);
        jvm.addAll(serviceJvmAdd);
        return jvm;
    }

    private static List<String> words(String value) {
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    private static double percent(String value, String name) {
        double v = Double.parseDouble(value);
        if (v < 0 || v >= 100) {
            throw new IllegalArgumentException("--" + name + " must be a per cent in [0, 100): " + value);
        }
        return v / 100;
    }

    private static int positive(String value, String name) {
        int v = Integer.parseInt(value.replace("_", "").replace(",", ""));
        if (v <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive: " + value);
        }
        return v;
    }

    private static int notNegative(String value, String name) {
        int v = Integer.parseInt(value.replace("_", "").replace(",", ""));
        if (v < 0) {
            throw new IllegalArgumentException("--" + name + " must be 0 or more: " + value);
        }
        return v;
    }

    /** Notices of the end-to-end stage's timed round: its rate × its seconds. */
    int e2eCount() {
        return e2eRate * e2eSeconds;
    }

    /** Notices of its warm-up round (0: none). */
    int e2eWarmUpCount() {
        return e2eRate * e2eWarmUpSeconds;
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("notices", notices);
        m.put("sites", sites);
        m.put("e2eRate", e2eRate);
        m.put("e2eSeconds", e2eSeconds);
        m.put("e2eSites", e2eSites);
        m.put("e2eWarmUpSeconds", e2eWarmUpSeconds);
        m.put("seed", seed);
        Map<String, String> jvm = new LinkedHashMap<>();
        for (Service s : List.of(Service.INGEST, Service.ENRICH, Service.INDEX)) {
            jvm.put(s.module, String.join(" ", jvmOptions(s)));
        }
        m.put("serviceJvm", jvm);
        m.put("serviceEnvironment", JvmOptions.ENVIRONMENT);
        m.put("jfr", jfr);
        m.put("indexThreads", indexThreads);
        m.put("warmUpShare", warmUp);
        return m;
    }
}
