package org.gongkai.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;

/**
 * Where the end-to-end stage's notices are, second by second: published, readable in {@code notices.enriched},
 * indexed by Elasticsearch (refreshed or not), searchable ({@code _count} through the read alias), found by the
 * harness's searches and how long the poller's next id has gone unasked; index-service's consumer lag and
 * {@code _bulk} requests; the node's write and search pools, merges and refreshes; and the CPU of every process on
 * the machine that takes part (the services, the broker, Elasticsearch, the harness itself). One row a second into
 * {@code e2e-timeline.tsv} in the run folder, so that a backlog can be placed (which queue grows, and whether it
 * grows all through the run or only at its start) and the machine's CPU summed per notice.
 *
 * <p>Runs on a thread of its own; a sample that fails (a server busy past its timeout) is skipped, not zeroed.
 * Started and closed by the stage's thread; {@link #rows()} after {@link #close()}.
 */
final class EndToEndTimeline implements AutoCloseable {

    /** The named counters sampled each second: a supplier each, read in the order given. */
    record Sources(
            LongSupplier published,
            LongSupplier readable,
            LongSupplier found,
            LongSupplier pending,
            LongSupplier pollRounds,
            LongSupplier pollChecks,
            LongSupplier pollSearchNanos,
            LongSupplier pollLongestUnaskedMillis,
            Map<String, DoubleSupplier> cpuSeconds,
            int indexPort) {}

    private static final String NODE_STATS = "/_nodes/stats/thread_pool,indices?filter_path="
            + "nodes.*.thread_pool.write.active,nodes.*.thread_pool.write.queue,"
            + "nodes.*.thread_pool.search.active,nodes.*.thread_pool.search.queue,"
            + "nodes.*.indices.merges.current,nodes.*.indices.merges.total_time_in_millis,"
            + "nodes.*.indices.refresh.total,nodes.*.indices.refresh.external_total,"
            + "nodes.*.indices.refresh.total_time_in_millis,"
            + "nodes.*.indices.indexing.index_total,nodes.*.indices.search.query_total";

    private final Elastic es;
    private final Admin admin;
    private final String group;
    private final String topic;
    private final Sources sources;
    private final SearchableCount searchable;

    private final List<Map<String, Double>> rows = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param alias the read alias the poller searches (its {@code _count} is sampled beside the poller's finds) */
    EndToEndTimeline(Elastic es, String bootstrap, String group, String topic, String alias, Sources sources) {
        this.es = es;
        this.searchable = new SearchableCount(es, alias);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(props);
        this.group = group;
        this.topic = topic;
        this.sources = sources;
        this.thread = new Thread(this::run, "e2e-timeline");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long t0 = System.nanoTime();
        Map<String, Double> previous = null;
        while (running) {
            try {
                Map<String, Double> sample = sample((System.nanoTime() - t0) / 1e9);
                if (previous != null) {
                    synchronized (rows) {
                        rows.add(row(previous, sample));
                    }
                }
                previous = sample;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // interrupted by close()
                } // else a server past its timeout: no row this time
            }
            try {
                Thread.sleep(1000); // pacing samples of external processes
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Counters as they stand (cumulative ones are turned into rates by {@link #row}). */
    private Map<String, Double> sample(double t) {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("t_s", t);
        s.put("load1", ProcStats.loadAverage());
        s.put("published", (double) sources.published().getAsLong());
        s.put("readable", (double) sources.readable().getAsLong());
        s.put("found", (double) sources.found().getAsLong());
        s.put("pending", (double) sources.pending().getAsLong());
        s.put("poll_rounds", (double) sources.pollRounds().getAsLong());
        s.put("poll_checks", (double) sources.pollChecks().getAsLong());
        s.put("poll_search_ms", sources.pollSearchNanos().getAsLong() / 1e6);
        s.put("poll_longest_unasked_s", sources.pollLongestUnaskedMillis().getAsLong() / 1e3);
        s.put("es_searchable_new", searchable.sinceFirst());
        s.put("index_lag", lag());
        BulkRequestFigures bulk = BulkRequestFigures.scrape(sources.indexPort());
        s.put("bulk_requests", (double) bulk.requests());
        s.put("bulk_docs", (double) bulk.documents());
        s.put("bulk_seconds", bulk.requestSeconds());
        try {
            JsonNode node = es.json("GET", NODE_STATS, null).path("nodes");
            for (JsonNode n : node) {
                s.put(
                        "write_active",
                        n.path("thread_pool").path("write").path("active").asDouble());
                s.put(
                        "write_queue",
                        n.path("thread_pool").path("write").path("queue").asDouble());
                s.put(
                        "search_active",
                        n.path("thread_pool").path("search").path("active").asDouble());
                s.put(
                        "search_queue",
                        n.path("thread_pool").path("search").path("queue").asDouble());
                JsonNode indices = n.path("indices");
                s.put("merges_current", indices.path("merges").path("current").asDouble());
                s.put(
                        "merge_ms",
                        indices.path("merges").path("total_time_in_millis").asDouble());
                s.put("refreshes", indices.path("refresh").path("total").asDouble());
                // total counts internal refreshes too (flush, indexing buffer); only external ones make documents
                // searchable
                s.put(
                        "external_refreshes",
                        indices.path("refresh").path("external_total").asDouble());
                s.put(
                        "refresh_ms",
                        indices.path("refresh").path("total_time_in_millis").asDouble());
                s.put("es_indexed", indices.path("indexing").path("index_total").asDouble());
                s.put("es_queries", indices.path("search").path("query_total").asDouble());
            }
        } catch (RuntimeException e) {
            // a missed sample: left out
        }
        sources.cpuSeconds().forEach((name, cpu) -> s.put("cpu_" + name, cpu.getAsDouble()));
        return s;
    }

    /** Per-second rates of the cumulative counters over one interval; levels as sampled at its end. */
    static Map<String, Double> row(Map<String, Double> a, Map<String, Double> b) {
        double dt = b.get("t_s") - a.get("t_s");
        Map<String, Double> r = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : b.entrySet()) {
            String k = e.getKey();
            boolean cumulative = k.startsWith("cpu_")
                    || List.of(
                                    "bulk_requests",
                                    "bulk_docs",
                                    "bulk_seconds",
                                    "merge_ms",
                                    "refreshes",
                                    "external_refreshes",
                                    "refresh_ms",
                                    "es_indexed",
                                    "es_queries",
                                    "poll_rounds",
                                    "poll_checks",
                                    "poll_search_ms")
                            .contains(k);
            if (!cumulative) {
                r.put(k, e.getValue());
            } else if (a.containsKey(k)) {
                r.put(k + (k.startsWith("cpu_") ? "" : "_per_s"), (e.getValue() - a.get(k)) / dt);
            }
        }
        return r;
    }

    /** index-service's consumer lag on the topic (records, transaction markers included), or NaN. */
    private double lag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            for (int p = 0; p < PipelineBenchmark.PARTITIONS; p++) {
                ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(ask).all().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    List<Map<String, Double>> rows() {
        synchronized (rows) {
            return List.copyOf(rows);
        }
    }

    /** The rows as a tab-separated table (columns of the first row). */
    static String tsv(List<Map<String, Double>> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        for (Map<String, Double> r : rows) {
            r.keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add);
        }
        StringBuilder out = new StringBuilder(String.join("\t", columns)).append('\n');
        for (Map<String, Double> r : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                Double v = r.get(c);
                cells.add(v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.2f", v));
            }
            out.append(String.join("\t", cells)).append('\n');
        }
        return out.toString();
    }

    void write(Path file) {
        try {
            Files.writeString(file, tsv(rows()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close();
    }
}
