package org.gongkai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The harness's searchable poller: every {@code pollMillis} it checks the index's count of external refreshes (the
 * ones that make documents searchable: {@code _stats/refresh}, {@code external_total}, counted by the node after the
 * new searcher is in place) and, when it changed, tells {@link Latencies}; then, while pending ids are owed a search,
 * it takes a round of them ({@link PendingIds}) and asks Elasticsearch, through the read alias, which of them a search
 * finds ({@code ids} query, so only refreshed documents), and tells {@link Latencies} the ones found. It checks
 * only while no id is owed: with more than 1,000 pending a sweep takes several rounds, and a refresh during it is
 * seen when it ends. A notice can
 * become searchable only at a refresh, so asking only after one finds every notice at the same moment as asking every
 * round did, with ~10 × fewer searches (session 12). A failed check counts as a refresh seen (it never holds a
 * figure). One thread of its own, a daemon, ended by {@link #close()}; its counters are safe to read from any thread.
 */
final class SearchablePoller implements AutoCloseable {

    /** The index's external refreshes (each one's count is raised after its searcher is in place), all else filtered. */
    static final String REFRESH_COUNT = "/_stats/refresh?filter_path=_all.total.refresh.external_total";

    private final Elastic es;
    private final String alias;
    private final Latencies latencies;
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong searchNanos = new AtomicLong();
    private final AtomicLong longestSearchNanos = new AtomicLong();
    /** Guarded by this. */
    private int failedSearches;
    /** Guarded by this. */
    private String firstFailure;

    SearchablePoller(Elastic es, String alias, long pollMillis, Latencies latencies) {
        this.es = es;
        this.alias = alias;
        this.latencies = latencies;
        this.thread = new Thread(
                () -> {
                    long lastCount = -1;
                    long lastSent = Long.MIN_VALUE;
                    while (running) {
                        // while a sweep owed by a refresh goes on, its rounds follow each other as the old poller's
                        // did; a refresh during it is seen at its end and owes the ids asked before it another
                        if (latencies.owed() == 0) {
                            long sent = System.currentTimeMillis();
                            long count = refreshCount();
                            if (count < 0 || count != lastCount) {
                                latencies.refreshed(lastSent, System.currentTimeMillis());
                            }
                            lastCount = count;
                            lastSent = sent;
                        }
                        List<String> ids = latencies.nextRound();
                        if (!ids.isEmpty()) {
                            search(ids);
                        }
                        ServiceProcess.pause(pollMillis);
                    }
                },
                "searchable-poller");
        thread.setDaemon(true);
        thread.start();
    }

    /** The index's external refresh count, or -1 when the check failed (counted with the failed searches). */
    private long refreshCount() {
        checks.incrementAndGet();
        try {
            var response = es.send("GET", "/" + alias + REFRESH_COUNT, null, null);
            if (response.statusCode() == 200) {
                JsonNode count = Elastic.JSON
                        .readTree(response.body())
                        .path("_all")
                        .path("total")
                        .path("refresh")
                        .path("external_total");
                if (count.isNumber()) {
                    return count.asLong();
                }
            }
            failed("refresh check: HTTP " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        } catch (RuntimeException e) {
            failed("refresh check: " + e);
        }
        return -1;
    }

    /**
     * One round's search. A failed one (an error answer, or no answer within the client's timeout) is counted with
     * its first message and does not end the poller: the next round asks again. Before session 10 an error answer
     * read as "no hits" without a trace.
     */
    private void search(List<String> ids) {
        String query = "{\"size\":" + ids.size() + ",\"_source\":false,\"query\":{\"ids\":{\"values\":"
                + Elastic.JSON.writeValueAsString(ids) + "}}}";
        long sent = System.nanoTime();
        List<String> found = null;
        String failure = null;
        try {
            var response = es.send("POST", "/" + alias + "/_search", query, "application/json");
            if (response.statusCode() / 100 == 2) {
                found = new ArrayList<>();
                for (JsonNode hit :
                        Elastic.JSON.readTree(response.body()).path("hits").path("hits")) {
                    found.add(hit.path("_id").asString());
                }
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
        if (found != null) {
            latencies.searchable(found, System.currentTimeMillis());
        } else {
            failed(failure);
        }
    }

    private synchronized void failed(String failure) {
        failedSearches++;
        if (firstFailure == null) {
            firstFailure = failure;
        }
    }

    /** Refresh checks made so far. */
    long checks() {
        return checks.get();
    }

    /** Searches (and refresh checks) that failed so far. */
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

    /** Searches made so far. */
    long rounds() {
        return rounds.get();
    }

    /** Their summed time, send to answer, in ns. */
    long searchNanos() {
        return searchNanos.get();
    }

    @Override
    public void close() {
        running = false;
    }
}
