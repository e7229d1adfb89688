package org.gongkai.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** The raw {@code _bulk} loader (index baseline, {@link IndexScaling}): several requests in flight. */
final class BulkLoader {

    private BulkLoader() {}

    /** Sends requests {@code [from, to)} of {@code bulk} through the write alias, {@code threads} at a time. */
    static void load(Elastic es, BulkFile bulk, int from, int to, int threads) throws Exception {
        load(
                threads,
                from,
                to,
                i -> es.sendBytes(
                        "POST",
                        "/notices-write/_bulk?filter_path=errors&require_alias=true",
                        bulk.request(i),
                        "application/x-ndjson"));
    }

    /**
     * Sends requests {@code [from, to)}, {@code threads} at a time, each thread taking every {@code threads}-th;
     * fails on the first answer that is not 200 or reports an error.
     */
    static void load(int threads, int from, int to, IntFunction<HttpResponse<String>> send) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int shard = t;
                done.add(pool.submit(() -> {
                    for (int i = from + shard; i < to; i += threads) {
                        HttpResponse<String> r = send.apply(i);
                        if (r.statusCode() != 200 || r.body().contains("\"errors\":true")) {
                            throw new IllegalStateException("bulk failed: " + r.statusCode() + " "
                                    + r.body()
                                            .substring(0, Math.min(300, r.body().length())));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits (at most 10 minutes) until the index has no merge running; the node merges in the background. */
    static void awaitMerges(Elastic es) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            long current = es.json("GET", "/notices/_stats/merge", null)
                    .path("_all")
                    .path("primaries")
                    .path("merges")
                    .path("current")
                    .asLong();
            if (current == 0) {
                return;
            }
            ServiceProcess.pause(500);
        }
    }

    static void check(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    r.request().method() + " " + r.request().uri() + ": " + r.statusCode() + " "
                            + r.body().substring(0, Math.min(400, r.body().length())));
        }
    }
}
