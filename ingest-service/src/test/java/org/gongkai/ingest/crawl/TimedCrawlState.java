package org.gongkai.ingest.crawl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * For harnesses, not tests: a {@link CrawlState} (and {@link EncodedStore}, so {@link KafkaCrawlState} hands it the
 * encoded bytes as it does the RocksDB store) that counts the calling thread's CPU time in {@link #put} and
 * {@link #get} of the store it wraps (the other calls are forwarded untimed). Thread-safe as the wrapped store; each timed call costs two reads of the
 * thread's CPU clock (~1 µs).
 */
public final class TimedCrawlState extends ForwardingCrawlState implements EncodedStore {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LongAdder putNanos = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder getNanos = new LongAdder();
    private final LongAdder gets = new LongAdder();

    public TimedCrawlState(CrawlState store) {
        super(store);
    }

    /** A {@link RocksDbCrawlState} under {@code parent} with the service's default sizes (16 MB cache, 4 MB buffers). */
    public static TimedCrawlState rocksDb(java.nio.file.Path parent) {
        return new TimedCrawlState(RocksDbCrawlState.open(parent, 16L << 20, 4L << 20));
    }

    /** {CPU ns in puts, puts, CPU ns in gets, gets} since the last call; resets them. */
    public long[] takeCounts() {
        return new long[] {putNanos.sumThenReset(), puts.sumThenReset(), getNanos.sumThenReset(), gets.sumThenReset()};
    }

    @Override
    public Optional<UrlState> get(String noticeId) {
        long start = THREADS.getCurrentThreadCpuTime();
        try {
            return store.get(noticeId);
        } finally {
            getNanos.add(THREADS.getCurrentThreadCpuTime() - start);
            gets.increment();
        }
    }

    @Override
    public void put(String noticeId, UrlState state) {
        long start = THREADS.getCurrentThreadCpuTime();
        try {
            store.put(noticeId, state);
        } finally {
            putNanos.add(THREADS.getCurrentThreadCpuTime() - start);
            puts.increment();
        }
    }

    @Override
    public void put(String noticeId, UrlState state, byte[] encoded) {
        long start = THREADS.getCurrentThreadCpuTime();
        try {
            if (store instanceof EncodedStore encodedStore) {
                encodedStore.put(noticeId, state, encoded);
            } else {
                store.put(noticeId, state);
            }
        } finally {
            putNanos.add(THREADS.getCurrentThreadCpuTime() - start);
            puts.increment();
        }
    }
}
