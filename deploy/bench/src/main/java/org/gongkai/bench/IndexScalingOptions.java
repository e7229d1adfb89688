package org.gongkai.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of {@code deploy/bench/run --index-scaling} ({@link IndexScaling}), each with its default.
 *
 * @param sizes       the index sizes measured, increasing (default 10,000 and 100,000)
 * @param seed        corpus seed (42, as the pipeline run)
 * @param sites       sites the corpus is dealt to (4; gives the documents' URLs)
 * @param threads     {@code _bulk} requests in flight (3, index-service's consumers)
 * @param batch       documents a request (500, index-service's {@code max-documents})
 * @param queries     timed runs of each portal search at each size (100)
 * @param realNotices the real notices the text comes from
 * @param out         the JSON report ({@code deploy/bench/target/index-scaling.json})
 */
record IndexScalingOptions(
        List<Integer> sizes, long seed, int sites, int threads, int batch, int queries, Path realNotices, Path out) {

    static IndexScalingOptions parse(Path repo, String... args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException(args[args.length - 1] + " needs a value");
        }
        List<String> known = List.of("sizes", "seed", "sites", "threads", "batch", "queries", "real-notices", "out");
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: " + known);
            }
        }
        List<Integer> sizes = new ArrayList<>();
        for (String s : o.getOrDefault("sizes", "10000,100000").split(",")) {
            int size = Integer.parseInt(s.strip().replace("_", ""));
            if (size <= 0 || (!sizes.isEmpty() && size <= sizes.get(sizes.size() - 1))) {
                throw new IllegalArgumentException("--sizes must be positive and increasing: " + o.get("sizes"));
            }
            sizes.add(size);
        }
        return new IndexScalingOptions(
                List.copyOf(sizes),
                Long.parseLong(o.getOrDefault("seed", "42")),
                Integer.parseInt(o.getOrDefault("sites", "4")),
                Integer.parseInt(o.getOrDefault("threads", "3")),
                Integer.parseInt(o.getOrDefault("batch", "500")),
                Integer.parseInt(o.getOrDefault("queries", "100")),
                Path.of(o.getOrDefault(
                        "real-notices",
                        repo.resolve("../shared/data/real-notices/notices.jsonl")
                                .toString())),
                Path.of(o.getOrDefault(
                        "out",
                        repo.resolve("deploy/bench/target/index-scaling.json").toString())));
    }
}
