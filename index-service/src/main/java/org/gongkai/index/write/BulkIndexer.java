package org.gongkai.index.write;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.gongkai.events.retry.JitteredBackOff;
import org.gongkai.events.trace.NoticeLog;
import org.gongkai.index.IndexProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Writes a list of operations to Elasticsearch in {@code _bulk} requests of at most {@code maxDocuments}
 * operations and {@code maxBytes} bytes, and returns only when every operation is resolved: indexed, deleted,
 * stale (an equal or newer version is there) or rejected (handed to the {@link Rejections} callback, which
 * dead-letters it).
 *
 * <p>Items answered with 429, 5xx, no response or an infrastructure fault ({@link ItemOutcome#RETRY}) are retried,
 * in their original order, with exponential backoff and jitter, up to {@code maxAttempts} attempts and
 * {@code maxRetryTime}; then
 * {@link ElasticsearchUnavailableException} is thrown and the Kafka error handler takes over the batch. Except when
 * all that is left are items Elasticsearch answered with a server error of their own ({@link ItemOutcome#itemFault}):
 * those are rejected with their last error, so one document that always fails does not hold its partition for ever.
 *
 * <p>A request of several operations that Elasticsearch refuses as a whole for its content (a 400 such as an id over
 * 512 bytes, which it cannot pin on an item) is sent again one operation per request, so only the culprit is
 * rejected. Retrying
 * items out of their batch is safe because index operations carry external versions (an older version never
 * overwrites a newer one, so per-notice order holds whatever succeeds first) and the planner (consume) leaves at
 * most one kind of operation per notice in a batch.
 *
 * <p>Logging: each line about one operation (rejected, given up, and at debug level retried) runs with its notice in
 * the MDC ({@link IndexOperation#noticeLog()}: site, id, and the trace id from {@code gongkai-trace-id}); the
 * batch-level lines (retry summary, hand-back) name no notice.
 *
 * <p>Requests of at most {@code serialMaxDocuments} operations are sent one at a time across all callers
 * ({@link SerialSmallRequests}: at a trickle the consumers' small requests then fill one in-memory segment a refresh
 * on the node instead of one each); larger ones at once.
 *
 * <p>Thread-safe: no state beyond its collaborators; each call blocks its caller (the listener thread) while it
 * retries, and while a small request of another caller is in flight.
 */
public final class BulkIndexer {

    /** Receives an operation Elasticsearch refused for reasons of its own content. */
    @FunctionalInterface
    public interface Rejections {
        void rejected(IndexOperation operation, ItemResult result);
    }

    /** Pauses the calling thread; replaced in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(BulkIndexer.class);

    private final BulkExecutor executor;
    private final IndexProperties.Bulk settings;
    private final IndexMetrics metrics;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private final JitteredBackOff backOff;

    public BulkIndexer(
            BulkExecutor executor,
            IndexProperties.Bulk settings,
            IndexMetrics metrics,
            Sleeper sleeper,
            LongSupplier nanoTime) {
        this(
                executor,
                settings,
                metrics,
                sleeper,
                nanoTime,
                JitteredBackOff.doubling(settings.initialBackoff(), settings.maxBackoff()));
    }

    /** @param backOff the pauses between attempts (tests inject one with a seeded random source) */
    BulkIndexer(
            BulkExecutor executor,
            IndexProperties.Bulk settings,
            IndexMetrics metrics,
            Sleeper sleeper,
            LongSupplier nanoTime,
            JitteredBackOff backOff) {
        this.executor = new SerialSmallRequests(executor, settings.serialMaxDocuments());
        this.settings = settings;
        this.metrics = metrics;
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
        this.backOff = backOff;
    }

    public BulkIndexer(BulkExecutor executor, IndexProperties.Bulk settings, IndexMetrics metrics) {
        this(executor, settings, metrics, d -> Thread.sleep(d.toMillis()), System::nanoTime);
    }

    /**
     * Writes {@code operations} and returns when each is resolved.
     *
     * @throws ElasticsearchUnavailableException when some operations still fail transiently after the retry budget
     */
    public void write(List<IndexOperation> operations, Rejections rejections) {
        long start = nanoTime.getAsLong();
        List<IndexOperation> pending = operations;
        Map<IndexOperation, ItemResult> last = new java.util.IdentityHashMap<>();
        BackOffExecution pauses = backOff.start();
        for (int attempt = 1; ; attempt++) {
            List<IndexOperation> retry = new ArrayList<>();
            Map<String, Integer> causes = new TreeMap<>();
            ItemResult lastFailure = null;
            for (List<IndexOperation> chunk :
                    chunks(pending, settings.maxDocuments(), settings.maxBytes().toBytes())) {
                if (lastFailure != null && lastFailure.status() == ItemResult.NO_RESPONSE) {
                    // Elasticsearch did not answer: keep the rest for the next attempt instead of piling on.
                    retry.addAll(chunk);
                    for (IndexOperation op : chunk) {
                        last.put(op, lastFailure);
                    }
                    causes.merge(ItemOutcome.retryCause(lastFailure), chunk.size(), Integer::sum);
                    continue;
                }
                List<ItemResult> results = sendSplittingRefused(chunk);
                for (int i = 0; i < chunk.size(); i++) {
                    IndexOperation op = chunk.get(i);
                    ItemResult result = results.get(i);
                    switch (ItemOutcome.of(op.kind(), result)) {
                        case INDEXED -> metrics.indexed();
                        case DELETED -> metrics.deleted();
                        case STALE -> metrics.stale(1);
                        case REJECTED -> {
                            try (NoticeLog notice = op.noticeLog()) {
                                log.warn("Elasticsearch rejected {}: {}", op, result.describe());
                            }
                            rejections.rejected(op, result);
                        }
                        case RETRY -> {
                            retry.add(op);
                            last.put(op, result);
                            causes.merge(ItemOutcome.retryCause(result), 1, Integer::sum);
                            lastFailure = result;
                        }
                    }
                }
            }
            if (retry.isEmpty()) {
                return;
            }
            Duration wait = Duration.ofMillis(pauses.nextBackOff()); // unlimited: never STOP
            Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - start);
            if (attempt >= settings.maxAttempts() || elapsed.plus(wait).compareTo(settings.maxRetryTime()) > 0) {
                if (retry.stream().allMatch(op -> ItemOutcome.itemFault(last.get(op)))) {
                    for (IndexOperation op : retry) {
                        ItemResult result = last.get(op);
                        try (NoticeLog notice = op.noticeLog()) {
                            log.warn("Giving up on {} after {} attempts: {}", op, attempt, result.describe());
                        }
                        rejections.rejected(
                                op,
                                new ItemResult(
                                        result.status(),
                                        result.errorType(),
                                        "still failing after " + attempt + " attempts: " + result.reason()));
                    }
                    return;
                }
                ElasticsearchUnavailableException failure = new ElasticsearchUnavailableException(retry.size()
                        + " of " + operations.size() + " operations still failing after " + attempt + " attempts in "
                        + elapsed.toMillis() + " ms; last: " + lastFailure.describe());
                log.warn("{}; handing the batch back for redelivery", failure.getMessage());
                throw failure;
            }
            causes.forEach(metrics::retried);
            log.info(
                    "Retrying {} of {} operations in {} ms (attempt {}, causes {})",
                    retry.size(),
                    operations.size(),
                    wait.toMillis(),
                    attempt + 1,
                    causes);
            if (log.isDebugEnabled()) {
                for (IndexOperation op : retry) {
                    try (NoticeLog notice = op.noticeLog()) {
                        log.debug(
                                "Retrying {} in {} ms (attempt {}): {}",
                                op,
                                wait.toMillis(),
                                attempt + 1,
                                last.get(op).describe());
                    }
                }
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ElasticsearchUnavailableException("interrupted while waiting to retry", e);
            }
            pending = retry;
        }
    }

    /** The results of {@code chunk}; a request refused as a whole for its content is sent again op by op. */
    private List<ItemResult> sendSplittingRefused(List<IndexOperation> chunk) {
        List<ItemResult> results = send(chunk);
        ItemResult first = results.get(0);
        if (chunk.size() > 1
                && first.wholeRequest()
                && ItemOutcome.of(chunk.get(0).kind(), first) == ItemOutcome.REJECTED) {
            log.info(
                    "Elasticsearch refused a request of {} operations as a whole ({}); sending them one by one",
                    chunk.size(),
                    first.describe());
            List<ItemResult> single = new ArrayList<>(chunk.size());
            for (IndexOperation op : chunk) {
                single.add(send(List.of(op)).get(0));
            }
            return single;
        }
        return results;
    }

    private List<ItemResult> send(List<IndexOperation> chunk) {
        long bytes = chunk.stream().mapToLong(IndexOperation::sizeInBytes).sum();
        long started = nanoTime.getAsLong();
        try {
            List<ItemResult> results = executor.execute(chunk);
            metrics.bulk(Duration.ofNanos(nanoTime.getAsLong() - started), chunk.size(), bytes, true);
            return results;
        } catch (IOException e) {
            metrics.bulk(Duration.ofNanos(nanoTime.getAsLong() - started), chunk.size(), bytes, false);
            log.debug("Bulk of {} operations got no response", chunk.size(), e);
            ItemResult failure = ItemResult.noResponse(e);
            return java.util.Collections.nCopies(chunk.size(), failure);
        }
    }

    /**
     * Splits {@code operations}, in order, into chunks of at most {@code maxDocuments} operations and
     * {@code maxBytes} bytes; an operation larger than {@code maxBytes} forms a chunk of its own.
     */
    static List<List<IndexOperation>> chunks(List<IndexOperation> operations, int maxDocuments, long maxBytes) {
        List<List<IndexOperation>> chunks = new ArrayList<>();
        List<IndexOperation> current = new ArrayList<>();
        long bytes = 0;
        for (IndexOperation op : operations) {
            long size = op.sizeInBytes();
            if (!current.isEmpty() && (current.size() >= maxDocuments || bytes + size > maxBytes)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(op);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }
}
