package org.gongkai.index.write;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.Topics;
import org.gongkai.events.trace.NoticeLog;
import org.gongkai.index.IndexProperties;
import org.gongkai.testsupport.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.util.unit.DataSize;

class BulkIndexerTest {

    private static final ItemResult CREATED = ItemResult.ok(201);
    private static final ItemResult TOO_MANY = new ItemResult(429, "es_rejected_execution_exception", "queue full");
    private static final ItemResult CONFLICT = new ItemResult(409, "version_conflict_engine_exception", "newer");
    private static final ItemResult PARSING = new ItemResult(
            400, "document_parsing_exception", "[1:20] failed to parse field [publisher]; caused by immense term");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IndexMetrics metrics = new IndexMetrics(registry);
    private final List<List<String>> requests = new ArrayList<>();
    private final Deque<Function<List<IndexOperation>, List<ItemResult>>> script = new ArrayDeque<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private final List<String> rejected = new ArrayList<>();

    @Test
    void splitsByDocumentCountAndBytesKeepingOrder() {
        List<IndexOperation> ops = List.of(op("a", 100), op("b", 100), op("c", 100), op("d", 5_000), op("e", 10));

        List<List<IndexOperation>> byCount = BulkIndexer.chunks(ops, 2, 1_000_000);
        List<List<IndexOperation>> byBytes = BulkIndexer.chunks(ops, 100, 1_000);

        assertThat(byCount).extracting(this::ids).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
        // 3 x (100 + overhead) fit under 1000 bytes; the 5000-byte document goes alone.
        assertThat(byBytes).extracting(this::ids).containsExactly(List.of("a", "b", "c"), List.of("d"), List.of("e"));
    }

    @Test
    void sendsOneBulkPerChunkAndCountsOutcomes() {
        script.add(ops -> List.of(CREATED, CONFLICT));
        script.add(ops -> List.of(ItemResult.ok(200)));

        indexer(settings(2, 6)).write(List.of(op("a", 10), op("b", 10), delete("c")), this::reject);

        assertThat(requests).containsExactly(List.of("a", "b"), List.of("c"));
        assertThat(docs("indexed")).isEqualTo(1);
        assertThat(docs("stale")).isEqualTo(1);
        assertThat(docs("deleted")).isEqualTo(1);
        assertThat(registry.get("gongkai.index.bulk.size").summary().count()).isEqualTo(2);
        assertThat(registry.get("gongkai.index.bulk.latency").timer().count()).isEqualTo(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void retriesOnlyTheFailedItemsInTheirOriginalOrderWithGrowingPauses() {
        script.add(ops -> List.of(TOO_MANY, CREATED, TOO_MANY, TOO_MANY));
        script.add(ops -> List.of(CREATED, TOO_MANY, CREATED));
        script.add(ops -> List.of(CREATED));

        indexer(settings(10, 6)).write(List.of(op("a", 1), op("b", 1), op("c", 1), op("d", 1)), this::reject);

        assertThat(requests).containsExactly(List.of("a", "b", "c", "d"), List.of("a", "c", "d"), List.of("c"));
        assertThat(docs("indexed")).isEqualTo(4);
        assertThat(registry.get("gongkai.index.retries")
                        .tag("cause", "too-many-requests")
                        .counter()
                        .count())
                .isEqualTo(4);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(rejected).isEmpty();
    }

    @Test
    void handsRejectedItemsToTheCallbackAndGoesOn() {
        script.add(ops -> List.of(CREATED, PARSING, CREATED));

        indexer(settings(10, 6)).write(List.of(op("a", 1), op("b", 1), op("c", 1)), this::reject);

        assertThat(rejected).containsExactly("b: " + PARSING.reason());
        assertThat(docs("indexed")).isEqualTo(2);
        assertThat(requests).hasSize(1);
    }

    @Test
    void withoutResponseKeepsTheRemainingChunksForTheNextAttempt() {
        script.add(ops -> {
            throw new UncheckedConnect();
        });
        script.add(ops -> List.of(CREATED, CREATED));
        script.add(ops -> List.of(CREATED));

        indexer(settings(2, 6)).write(List.of(op("a", 1), op("b", 1), op("c", 1)), this::reject);

        // the second chunk was not sent while Elasticsearch did not answer
        assertThat(requests).containsExactly(List.of("a", "b"), List.of("a", "b"), List.of("c"));
        assertThat(registry.get("gongkai.index.retries")
                        .tag("cause", "unreachable")
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(docs("indexed")).isEqualTo(3);
    }

    @Test
    void givesUpAfterMaxAttemptsSoTheErrorHandlerCanTakeOver() {
        for (int i = 0; i < 3; i++) {
            script.add(ops -> List.of(CREATED, TOO_MANY));
            script.add(ops -> List.of(TOO_MANY));
            script.add(ops -> List.of(TOO_MANY));
        }

        assertThatThrownBy(() -> indexer(settings(10, 3)).write(List.of(op("a", 1), op("b", 1)), this::reject))
                .isInstanceOf(ElasticsearchUnavailableException.class)
                .hasMessageContaining("1 of 2 operations still failing after 3 attempts")
                .hasMessageContaining("es_rejected_execution_exception");
        assertThat(requests).hasSize(3);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void givesUpWhenTheNextPauseWouldExceedTheRetryTime() {
        script.add(ops -> {
            clock.addAndGet(Duration.ofSeconds(60).toNanos());
            return List.of(TOO_MANY);
        });

        assertThatThrownBy(() -> indexer(settings(10, 100)).write(List.of(op("a", 1)), this::reject))
                .isInstanceOf(ElasticsearchUnavailableException.class)
                .hasMessageContaining("after 1 attempts");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void oneBadItemThatMakesElasticsearchRefuseTheWholeRequestIsRejectedAloneTheOthersAreWritten() {
        ItemResult refused = new ItemResult(
                400, "action_request_validation_exception", "Validation Failed: 1: id is too long", true);
        script.add(ops -> java.util.Collections.nCopies(ops.size(), refused));
        script.add(ops -> List.of(CREATED));
        script.add(ops -> List.of(refused));
        script.add(ops -> List.of(CREATED));

        indexer(settings(10, 6)).write(List.of(op("a", 1), op("bad", 1), op("c", 1)), this::reject);

        assertThat(requests).containsExactly(List.of("a", "bad", "c"), List.of("a"), List.of("bad"), List.of("c"));
        assertThat(rejected).containsExactly("bad: " + refused.reason());
        assertThat(docs("indexed")).isEqualTo(2);
    }

    @Test
    void anItemThatKeepsFailingWithAnItemLevelServerErrorIsRejectedAfterTheBudgetInsteadOfBlockingThePartition() {
        ItemResult internal = new ItemResult(500, "illegal_state_exception", "boom for this id");
        script.add(ops -> List.of(CREATED, internal));
        script.add(ops -> List.of(internal));
        script.add(ops -> List.of(internal));

        indexer(settings(10, 3)).write(List.of(op("a", 1), op("b", 1)), this::reject);

        assertThat(rejected).singleElement().asString().startsWith("b: ").contains("boom for this id");
        assertThat(docs("indexed")).isEqualTo(1);
    }

    @Test
    void aWholeRequestServerErrorStillHandsTheBatchBackForRedelivery() {
        ItemResult unavailable = new ItemResult(503, "unavailable_shards_exception", "primary not active", true);
        for (int i = 0; i < 3; i++) {
            script.add(ops -> java.util.Collections.nCopies(ops.size(), unavailable));
        }

        assertThatThrownBy(() -> indexer(settings(10, 3)).write(List.of(op("a", 1), op("b", 1)), this::reject))
                .isInstanceOf(ElasticsearchUnavailableException.class);
        assertThat(rejected).isEmpty();
    }

    @Test
    void everyLineAboutOneNoticeCarriesItsTraceIdAndIdAndTheMdcIsRestoredAfterwards() {
        ItemResult internal = new ItemResult(500, "illegal_state_exception", "boom for this id");
        script.add(ops -> List.of(TOO_MANY, PARSING, internal));
        script.add(ops -> List.of(CREATED, internal));
        List<ILoggingEvent> lines;
        try (LogCapture log = LogCapture.of(BulkIndexer.class, Level.DEBUG)) {
            indexer(settings(10, 2))
                    .write(
                            List.of(traced("a", "trace-a"), traced("b", "trace-b"), traced("c", "trace-c")),
                            this::reject);
            lines = log.events();
        }

        assertThat(lines)
                .filteredOn(line -> line.getMDCPropertyMap().containsKey(NoticeLog.NOTICE_ID))
                .extracting(line -> line.getMDCPropertyMap().get(NoticeLog.NOTICE_ID) + " "
                        + line.getMDCPropertyMap().get(NoticeLog.TRACE_ID) + " "
                        + line.getFormattedMessage().split(" ")[0])
                .containsExactly(
                        "b trace-b Elasticsearch", // rejected
                        "a trace-a Retrying", // one line per retried notice, at debug
                        "c trace-c Retrying",
                        "c trace-c Giving"); // its own server error after the budget
        assertThat(lines)
                .filteredOn(line -> !line.getMDCPropertyMap().containsKey(NoticeLog.NOTICE_ID))
                .extracting(ILoggingEvent::getFormattedMessage)
                .singleElement(as(STRING))
                .startsWith("Retrying 2 of 3 operations"); // the batch's own line names no notice
        assertThat(MDC.get(NoticeLog.NOTICE_ID)).isNull();
        assertThat(MDC.get(NoticeLog.TRACE_ID)).isNull();
    }

    @Test
    void smallBatchesOfTwoConsumersReachElasticsearchOneAtATime() throws Exception {
        BlockingNode node = new BlockingNode();
        BulkIndexer indexer = new BulkIndexer(node, settings(500, 1, 100), metrics, sleeps::add, clock::get);
        ExecutorService consumers = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = consumers.submit(() -> indexer.write(SerialSmallRequestsTest.ops("a", 6), this::reject));
            await().until(() -> node.inFlight.size() == 1);
            Future<?> second = consumers.submit(() -> indexer.write(SerialSmallRequestsTest.ops("b", 6), this::reject));

            // a trickle's polls: the second waits for the first's answer instead of indexing beside it
            await().during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> node.inFlight.equals(List.of("a1")));
            node.answer("a1");
            await().until(() -> node.inFlight.equals(List.of("b1")));
            node.answer("b1");
            assertThat(first).succeedsWithin(Duration.ofSeconds(5));
            assertThat(second).succeedsWithin(Duration.ofSeconds(5));
            assertThat(docs("indexed")).isEqualTo(12);
        } finally {
            node.releaseAll();
            consumers.shutdownNow();
        }
    }

    @Test
    void largeBatchesOfTwoConsumersAreWrittenInParallel() throws Exception {
        BlockingNode node = new BlockingNode();
        BulkIndexer indexer = new BulkIndexer(node, settings(500, 1, 100), metrics, sleeps::add, clock::get);
        ExecutorService consumers = Executors.newFixedThreadPool(2);
        try {
            // a backlog's polls (over serial-max-documents) keep both of the node's write threads busy
            Future<?> first =
                    consumers.submit(() -> indexer.write(SerialSmallRequestsTest.ops("a", 101), this::reject));
            Future<?> second =
                    consumers.submit(() -> indexer.write(SerialSmallRequestsTest.ops("b", 101), this::reject));

            await().until(() -> node.inFlight.size() == 2);
            node.releaseAll();
            assertThat(first).succeedsWithin(Duration.ofSeconds(5));
            assertThat(second).succeedsWithin(Duration.ofSeconds(5));
        } finally {
            node.releaseAll();
            consumers.shutdownNow();
        }
    }

    @Test
    void theSmallTailOfASplitPollAlsoWaitsForItsTurn() throws Exception {
        BlockingNode node = new BlockingNode();
        // 503 operations in chunks of 500 and 3: only the 3 are a small request
        BulkIndexer indexer = new BulkIndexer(node, settings(500, 1, 100), metrics, sleeps::add, clock::get);
        ExecutorService consumers = Executors.newFixedThreadPool(2);
        try {
            Future<?> small = consumers.submit(() -> indexer.write(SerialSmallRequestsTest.ops("a", 2), this::reject));
            await().until(() -> node.inFlight.equals(List.of("a1")));
            Future<?> split =
                    consumers.submit(() -> indexer.write(SerialSmallRequestsTest.ops("b", 503), this::reject));

            await().until(() -> node.inFlight.equals(List.of("a1", "b1")));
            node.answer("b1");
            await().during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> node.inFlight.equals(List.of("a1")));
            node.answer("a1");
            await().until(() -> node.inFlight.equals(List.of("b501")));
            node.answer("b501");
            assertThat(small).succeedsWithin(Duration.ofSeconds(5));
            assertThat(split).succeedsWithin(Duration.ofSeconds(5));
        } finally {
            node.releaseAll();
            consumers.shutdownNow();
        }
    }

    /** A node that answers each request (named by its first id) only when the test says so. */
    private static final class BlockingNode implements BulkExecutor {
        final List<String> inFlight = new CopyOnWriteArrayList<>();
        private final Map<String, CountDownLatch> answers = new ConcurrentHashMap<>();
        private volatile boolean released;

        @Override
        public List<ItemResult> execute(List<IndexOperation> operations) throws java.io.IOException {
            String first = operations.get(0).id();
            CountDownLatch answer = answers.computeIfAbsent(first, id -> new CountDownLatch(released ? 0 : 1));
            inFlight.add(first);
            try {
                if (!answer.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never answered " + first);
                }
                return java.util.Collections.nCopies(operations.size(), CREATED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            } finally {
                inFlight.remove(first);
            }
        }

        void answer(String first) {
            answers.computeIfAbsent(first, id -> new CountDownLatch(1)).countDown();
        }

        void releaseAll() {
            released = true;
            answers.values().forEach(CountDownLatch::countDown);
        }
    }

    private BulkIndexer indexer(IndexProperties.Bulk settings) {
        BulkExecutor executor = ops -> {
            requests.add(ids(ops));
            try {
                return script.removeFirst().apply(ops);
            } catch (UncheckedConnect e) {
                throw new ConnectException("Connection refused");
            }
        };
        return new BulkIndexer(executor, settings, metrics, sleeps::add, clock::get);
    }

    private static IndexProperties.Bulk settings(int maxDocuments, int maxAttempts) {
        return settings(maxDocuments, maxAttempts, 0);
    }

    private static IndexProperties.Bulk settings(int maxDocuments, int maxAttempts, int serialMaxDocuments) {
        return new IndexProperties.Bulk(
                maxDocuments,
                DataSize.ofMegabytes(5),
                maxAttempts,
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                Duration.ofSeconds(120),
                serialMaxDocuments);
    }

    private void reject(IndexOperation op, ItemResult result) {
        rejected.add(op.id() + ": " + result.reason());
    }

    private double docs(String outcome) {
        return registry.get("gongkai.index.docs")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private List<String> ids(List<IndexOperation> ops) {
        return ops.stream().map(IndexOperation::id).toList();
    }

    private static IndexOperation op(String id, int bytes) {
        return IndexOperation.index(record(id), id, 1, "x".repeat(bytes).getBytes(StandardCharsets.UTF_8));
    }

    private static IndexOperation traced(String id, String traceId) {
        ConsumerRecord<String, Object> record = record(id);
        record.headers().add(EventHeaders.TRACE_ID, traceId.getBytes(StandardCharsets.UTF_8));
        return IndexOperation.index(record, id, 1, "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static IndexOperation delete(String id) {
        return IndexOperation.delete(record(id), id);
    }

    private static ConsumerRecord<String, Object> record(String id) {
        return new ConsumerRecord<>(Topics.ENRICHED, 0, 0, id, null);
    }

    /** Lets a scripted step stand for "no response" (the executor turns it into an IOException). */
    private static final class UncheckedConnect extends RuntimeException {}
}
