package org.gongkai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The harness's searchable poller: every {@code pollMillis} it takes a round of pending ids from {@link Latencies}
 * and asks Elasticsearch, through the read alias, which of them a search finds ({@code ids} query, so only
 * refreshed documents), and tells {@link Latencies} the ones found. One thread of its own, a daemon, ended by
 * {@link #close()}; its counters are safe to read from any thread.
 */
final class SearchablePoller implements AutoCloseable {

    private final Elastic es;
    private final String alias;
    private final Latencies latencies;
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicLong rounds = new AtomicLong();
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
                    while (running) {
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
