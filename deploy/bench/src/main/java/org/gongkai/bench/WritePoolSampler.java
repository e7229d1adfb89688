package org.gongkai.bench;

import tools.jackson.databind.JsonNode;

/**
 * Samples Elasticsearch's {@code write} thread pool (threads active, requests queued) every {@code periodMillis} on
 * a thread of its own while a writer runs, so that the service and the raw loader can be compared by what the node
 * actually had to do at once: a {@code _bulk} request to one shard is one task of that pool, so active + queued is
 * the number of bulk requests the node held at that moment (the node's side of "requests in flight"). Started and
 * stopped by one thread; the figures are read after {@link #stop()}.
 */
final class WritePoolSampler implements AutoCloseable {

    /** Means over the samples: threads busy, requests queued, and the share of samples with nothing to do. */
    record Figures(int samples, double active, double queued, double idleShare) {
        double inFlight() {
            return active + queued;
        }
    }

    private static final String PATH = "/_nodes/stats/thread_pool"
            + "?filter_path=nodes.*.thread_pool.write.active,nodes.*.thread_pool.write.queue";

    private final Elastic es;
    private final long periodMillis;
    private final Thread thread;
    private volatile boolean running = true;
    private long samples;
    private long active;
    private long queued;
    private long idle;

    WritePoolSampler(Elastic es, long periodMillis) {
        this.es = es;
        this.periodMillis = periodMillis;
        this.thread = new Thread(this::run, "write-pool-sampler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (running) {
            try {
                JsonNode nodes = es.json("GET", PATH, null).path("nodes");
                if (nodes.isEmpty()) {
                    throw new IllegalStateException("no node in the answer"); // an error answer: not a sample
                }
                long a = 0;
                long q = 0;
                for (JsonNode node : nodes) {
                    a += node.path("thread_pool").path("write").path("active").asLong();
                    q += node.path("thread_pool").path("write").path("queue").asLong();
                }
                synchronized (this) {
                    samples++;
                    active += a;
                    queued += q;
                    if (a + q == 0) {
                        idle++;
                    }
                }
            } catch (RuntimeException e) {
                // a missed sample (node busy past the client's timeout) is left out, not counted as idle
            }
            try {
                Thread.sleep(periodMillis); // pacing samples of an external process
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sampling and returns the means. */
    Figures stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return samples == 0
                    ? new Figures(0, Double.NaN, Double.NaN, Double.NaN)
                    : new Figures(
                            (int) samples,
                            (double) active / samples,
                            (double) queued / samples,
                            (double) idle / samples);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
