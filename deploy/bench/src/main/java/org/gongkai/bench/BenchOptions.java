package org.gongkai.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's options ({@code deploy/bench/run --notices 5000 …}); every one has a default.
 *
 * @param notices        notice pages in the throughput corpus (mirror copies included), default 20,000
 * @param sites          sites the corpus is dealt to (one loopback host each), default 4
 * @param e2eRate        offered rate of the end-to-end run, notices/s, default 200
 * @param e2eSeconds     length of the end-to-end run, default 30 s
 * @param e2eSites       sites of the end-to-end corpus, default 8 (each paced by its politeness delay)
 * @param seed           corpus seed, default 42
 * @param out            JSON report, default {@code deploy/bench/target/benchmark.json}
 * @param realNotices    the real notices the text comes from, default {@code ../shared/data/real-notices/notices.jsonl}
 * @param serviceJvm     JVM options of every service, default {@code -Xmx384m -XX:+ExitOnOutOfMemoryError}
 * @param jfr            record a JFR profile of each service into the run folder
 * @param indexThreads   raw loader requests in flight: the index-service's consumers
 *                       ({@code spring.kafka.listener.concurrency}, default 3)
 */
record BenchOptions(
        int notices,
        int sites,
        int e2eRate,
        int e2eSeconds,
        int e2eSites,
        long seed,
        Path out,
        Path realNotices,
        List<String> serviceJvm,
        boolean jfr,
        int indexThreads) {

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
                "seed",
                "out",
                "real-notices",
                "service-jvm",
                "jfr",
                "index-threads");
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
                positive(o.getOrDefault("e2e-sites", "8"), "e2e-sites"),
                Long.parseLong(o.getOrDefault("seed", "42")),
                Path.of(o.getOrDefault(
                        "out",
                        repo.resolve("deploy/bench/target/benchmark.json").toString())),
                Path.of(o.getOrDefault(
                        "real-notices",
                        repo.resolve("../shared/data/real-notices/notices.jsonl")
                                .toString())),
                List.of(o.getOrDefault("service-jvm", "-Xmx384m -XX:+ExitOnOutOfMemoryError")
                        .trim()
                        .split("\\s+")),
                Boolean.parseBoolean(o.getOrDefault("jfr", "false")),
                positive(o.getOrDefault("index-threads", "3"), "index-threads"));
        if (options.sites() + options.e2eSites() > 250) {
            throw new IllegalArgumentException("sites + e2e-sites must stay within 127.0.0.1–127.0.0.250");
        }
        return options;
    }

    private static int positive(String value, String name) {
        int v = Integer.parseInt(value.replace("_", "").replace(",", ""));
        if (v <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive: " + value);
        }
        return v;
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("notices", notices);
        m.put("sites", sites);
        m.put("e2eRate", e2eRate);
        m.put("e2eSeconds", e2eSeconds);
        m.put("e2eSites", e2eSites);
        m.put("seed", seed);
        m.put("serviceJvm", String.join(" ", serviceJvm));
        m.put("jfr", jfr);
        m.put("indexThreads", indexThreads);
        return m;
    }
}
