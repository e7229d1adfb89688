package org.gongkai.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Time from a notice's publish to notices.raw (the record's timestamp, set by the crawler's producer) to the
 * moment a search through the read alias finds it, and the two legs of it: publish → the enriched record's
 * timestamp in notices.enriched (set by enrich-service's producer: the enrich leg, queueing included) and that →
 * searchable (the index leg: index-service's poll, the bulk write, the refresh). {@link #published} and
 * {@link #enriched} are fed by {@link TopicWatcher}s; a poller thread asks Elasticsearch every {@code pollMillis}
 * for the pending ids ({@code ids} query, searchable documents only), so a figure is late by at most one poll and
 * one search. Thread-safe.
 */
final class Latencies implements AutoCloseable {

    /**
     * Latencies in ms of the notices found, or counted at the end with their wait so far; of the index leg, the part
     * until the enriched record could be read ({@code commit}: its timestamp → a read_committed consumer got it, i.e.
     * enrich-service's transaction) and the rest ({@code afterCommit}: readable → searchable, index-service and the
     * refresh).
     */
    record Legs(List<Long> total, List<Long> enrich, List<Long> index, List<Long> commit, List<Long> afterCommit) {
        Legs(List<Long> total, List<Long> enrich, List<Long> index) {
            this(total, enrich, index, List.of(), List.of());
        }
    }

    /** Where the notices not searchable at the end were held: not yet enriched, or enriched but not searchable. */
    record Held(int inEnrich, int inIndex) {}

    private final Map<String, Long> pending = new LinkedHashMap<>();
    private final Map<String, Long> publishedAt = new HashMap<>();
    private final Map<String, Long> enrichedAt = new HashMap<>();
    private final Map<String, Long> readableAt = new HashMap<>();
    private final Map<String, Long> searchableAt = new HashMap<>();
    static final int PER_ROUND = 1000;

    /** The searches, or {@code null} for the bookkeeping alone ({@link #Latencies()}). */
    private final Thread poller;
    /** Where the next round starts in the pending ids (guarded by this). */
    private int cursor;

    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong searchNanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong longestSearchNanos =
            new java.util.concurrent.atomic.AtomicLong();
    /** Guarded by this. */
    private int failedSearches;
    /** Guarded by this. */
    private String firstFailure;

    /** The bookkeeping without the poller: nothing becomes searchable but through {@link #closePending()}. */
    Latencies() {
        poller = null;
    }

    Latencies(Elastic es, String alias, long pollMillis) {
        poller = new Thread(
                () -> {
                    while (running) {
                        List<String> ids;
                        synchronized (this) {
                            ids = nextRound();
                        }
                        if (!ids.isEmpty()) {
                            search(es, alias, ids);
                        }
                        ServiceProcess.pause(pollMillis);
                    }
                },
                "searchable-poller");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * One round's search. A failed one (an error answer, or no answer within the client's timeout) is counted with
     * its first message and does not end the poller: the next round asks again. Before session 10 an error answer
     * read as "no hits" without a trace (one quiet run's poller found nothing for 23 s while the index caught up).
     */
    private void search(Elastic es, String alias, List<String> ids) {
        String query = "{\"size\":" + ids.size() + ",\"_source\":false,\"query\":{\"ids\":{\"values\":"
                + Elastic.JSON.writeValueAsString(ids) + "}}}";
        long sent = System.nanoTime();
        JsonNode hits = null;
        String failure = null;
        try {
            var response = es.send("POST", "/" + alias + "/_search", query, "application/json");
            if (response.statusCode() / 100 == 2) {
                hits = Elastic.JSON.readTree(response.body()).path("hits").path("hits");
            } else {
                failure = "HTTP " + response.statusCode() + ": "
                        + response.body()
                                .substring(0, Math.min(300, response.body().length()));
            }
        } catch (RuntimeException e) {
            failure = e.toString();
        }
        long took = System.nanoTime() - sent;
        searchNanos.addAndGet(took);
        longestSearchNanos.accumulateAndGet(took, Math::max);
        rounds.incrementAndGet();
        long now = System.currentTimeMillis();
        synchronized (this) {
            if (failure != null) {
                failedSearches++;
                if (firstFailure == null) {
                    firstFailure = failure;
                }
                return;
            }
            for (JsonNode hit : hits) {
                String id = hit.path("_id").asString();
                if (pending.remove(id) != null) {
                    searchableAt.put(id, now);
                }
            }
        }
    }

    /** Searches that failed so far. */
    synchronized int failedSearches() {
        return failedSearches;
    }

    /** The first failed search's error, {@code null} when none failed. */
    synchronized String firstFailure() {
        return firstFailure;
    }

    /** The longest search so far, send to answer (or to failure), in ms. */
    double longestSearchMillis() {
        return longestSearchNanos.get() / 1e6;
    }

    /**
     * The ids of this round: at most {@link #PER_ROUND} pending ones, taking turns (oldest first, then on from where
     * the last round stopped), so that one search a round bounds what measuring costs Elasticsearch and no pending
     * notice goes unchecked for long when more than that are pending.
     */
    List<String> nextRound() {
        List<String> all = List.copyOf(pending.keySet());
        if (all.size() <= PER_ROUND) {
            cursor = 0;
            return all;
        }
        if (cursor >= all.size()) {
            cursor = 0;
        }
        List<String> round = new java.util.ArrayList<>(all.subList(cursor, Math.min(all.size(), cursor + PER_ROUND)));
        cursor += round.size();
        return round;
    }

    synchronized void published(String id, long timestamp) {
        if (publishedAt.putIfAbsent(id, timestamp) == null) {
            pending.put(id, timestamp);
        }
    }

    synchronized void enriched(String id, long timestamp) {
        enrichedAt.putIfAbsent(id, timestamp);
    }

    /**
     * @param timestamp the enriched record's timestamp (its producer's send)
     * @param readAt    when a read_committed consumer got it (its transaction had committed)
     */
    synchronized void enriched(String id, long timestamp, long readAt) {
        enrichedAt.putIfAbsent(id, timestamp);
        readableAt.putIfAbsent(id, readAt);
    }

    /** Searches made so far. */
    long rounds() {
        return rounds.get();
    }

    /** Their summed time, send to answer, in ns. */
    long searchNanos() {
        return searchNanos.get();
    }

    /** Notices found searchable so far. */
    synchronized int found() {
        return searchableAt.size();
    }

    synchronized int pending() {
        return pending.size();
    }

    /**
     * Ends the wait: every notice still pending counts with its time so far (a lower bound of its latency), so that
     * a backlog raises the percentiles instead of vanishing from them.
     *
     * @return where the pending ones were held
     */
    synchronized Held closePending() {
        long now = System.currentTimeMillis();
        int inEnrich = 0;
        for (String id : pending.keySet()) {
            searchableAt.put(id, now);
            if (!enrichedAt.containsKey(id)) {
                inEnrich++;
            }
        }
        Held held = new Held(inEnrich, pending.size() - inEnrich);
        pending.clear();
        return held;
    }

    synchronized Legs legs() {
        return legs(publishedAt, enrichedAt, readableAt, searchableAt);
    }

    /**
     * The legs of the notices published after the first {@code warmUp} share of them (by publish time): the
     * throughput stages' warm-up rule (a restarted crawler's cold JVM, first connections), applied to the end-to-end
     * stage. A backlog built during the warm-up still delays the later notices, so this removes only the warm-up
     * notices' own waits.
     */
    synchronized Legs legsAfterWarmUp(double warmUp) {
        return legs(afterWarmUp(publishedAt, warmUp), enrichedAt, readableAt, searchableAt);
    }

    /** The entries of {@code published} from the first whose rank by time is at or past {@code warmUp} × size. */
    static Map<String, Long> afterWarmUp(Map<String, Long> published, double warmUp) {
        List<Long> times = new ArrayList<>(published.values());
        if (times.isEmpty()) {
            return Map.of();
        }
        Collections.sort(times);
        int skip = (int) Math.ceil(times.size() * warmUp);
        if (skip >= times.size()) {
            return Map.of();
        }
        long from = times.get(skip);
        Map<String, Long> kept = new HashMap<>();
        published.forEach((id, at) -> {
            if (at >= from) {
                kept.put(id, at);
            }
        });
        return kept;
    }

    /**
     * The legs of each published notice that has an end time: total = searchable − published; enrich = enriched −
     * published and index = searchable − enriched where the enriched record was seen (a notice still held in
     * enrich at the end has a total, no legs).
     */
    static Legs legs(Map<String, Long> published, Map<String, Long> enriched, Map<String, Long> searchable) {
        return legs(published, enriched, Map.of(), searchable);
    }

    /**
     * {@link #legs(Map, Map, Map)} with the index leg split where the enriched record became readable: commit =
     * readable − enriched, afterCommit = searchable − readable, for the notices with all three.
     */
    static Legs legs(
            Map<String, Long> published,
            Map<String, Long> enriched,
            Map<String, Long> readable,
            Map<String, Long> searchable) {
        List<Long> total = new ArrayList<>();
        List<Long> enrich = new ArrayList<>();
        List<Long> index = new ArrayList<>();
        List<Long> commit = new ArrayList<>();
        List<Long> afterCommit = new ArrayList<>();
        published.forEach((id, at) -> {
            Long end = searchable.get(id);
            if (end == null) {
                return;
            }
            total.add(end - at);
            Long mid = enriched.get(id);
            if (mid != null) {
                enrich.add(mid - at);
                index.add(end - mid);
                Long read = readable.get(id);
                if (read != null) {
                    commit.add(read - mid);
                    afterCommit.add(end - read);
                }
            }
        });
        return new Legs(total, enrich, index, commit, afterCommit);
    }

    /** The {@code p}-th percentile (nearest rank) of {@code values}, in their unit; {@code NaN} without any. */
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
