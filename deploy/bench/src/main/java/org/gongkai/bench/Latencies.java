package org.gongkai.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Time from a notice's publish to notices.raw (the record's timestamp, set by the crawler's producer) to the
 * moment a search through the read alias finds it. {@link #published} is fed by a {@link TopicWatcher}; a poller
 * thread asks Elasticsearch every {@code pollMillis} for the pending ids ({@code ids} query, searchable documents
 * only), so a figure is late by at most one poll and one search. Thread-safe.
 */
final class Latencies implements AutoCloseable {

    private final Map<String, Long> pending = new LinkedHashMap<>();
    private final List<Long> millis = Collections.synchronizedList(new ArrayList<>());
    private final Thread poller;
    private volatile boolean running = true;

    Latencies(Elastic es, String alias, long pollMillis) {
        poller = new Thread(
                () -> {
                    while (running) {
                        List<String> ids;
                        synchronized (pending) {
                            ids = pending.keySet().stream().limit(1000).toList();
                        }
                        if (!ids.isEmpty()) {
                            String query =
                                    "{\"size\":" + ids.size() + ",\"_source\":false,\"query\":{\"ids\":{\"values\":"
                                            + Elastic.JSON.writeValueAsString(ids) + "}}}";
                            JsonNode hits = es.json("POST", "/" + alias + "/_search", query)
                                    .path("hits")
                                    .path("hits");
                            long now = System.currentTimeMillis();
                            synchronized (pending) {
                                for (JsonNode hit : hits) {
                                    Long published =
                                            pending.remove(hit.path("_id").asString());
                                    if (published != null) {
                                        millis.add(now - published);
                                    }
                                }
                            }
                        }
                        ServiceProcess.pause(pollMillis);
                    }
                },
                "searchable-poller");
        poller.setDaemon(true);
        poller.start();
    }

    void published(String id, long timestamp) {
        synchronized (pending) {
            pending.putIfAbsent(id, timestamp);
        }
    }

    int pending() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /**
     * Ends the wait: every notice still pending counts with its time so far (a lower bound of its latency), so that
     * a backlog raises the percentiles instead of vanishing from them.
     *
     * @return how many were still pending
     */
    int closePending() {
        long now = System.currentTimeMillis();
        synchronized (pending) {
            int n = pending.size();
            pending.values().forEach(published -> millis.add(now - published));
            pending.clear();
            return n;
        }
    }

    int found() {
        return millis.size();
    }

    /** The {@code p}-th percentile (nearest rank) of the latencies found, in ms; {@code NaN} without any. */
    double percentile(double p) {
        List<Long> sorted;
        synchronized (millis) {
            sorted = new ArrayList<>(millis);
        }
        return percentile(sorted, p);
    }

    static double percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    @Override
    public void close() {
        running = false;
    }
}
