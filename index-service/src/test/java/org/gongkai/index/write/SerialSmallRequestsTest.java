package org.gongkai.index.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gongkai.events.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialSmallRequestsTest {

    private final ExecutorService consumers = Executors.newFixedThreadPool(3);
    /** Requests the node is answering now, by their first id. */
    private final List<String> inFlight = Collections.synchronizedList(new ArrayList<>());
    /** Requests whose answer the test holds back, by their first id. */
    private final java.util.Map<String, CountDownLatch> held = new java.util.concurrent.ConcurrentHashMap<>();

    private final BulkExecutor node = ops -> {
        String first = ops.get(0).id();
        inFlight.add(first);
        try {
            CountDownLatch hold = held.get(first);
            if (hold != null && !hold.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test never released " + first);
            }
            return Collections.nCopies(ops.size(), ItemResult.ok(201));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        } finally {
            inFlight.remove(first);
        }
    };

    @AfterEach
    void stop() {
        held.values().forEach(CountDownLatch::countDown);
        consumers.shutdownNow();
    }

    @Test
    void aSmallRequestWaitsUntilTheSmallRequestAheadIsAnswered() {
        SerialSmallRequests gate = new SerialSmallRequests(node, 100);
        CountDownLatch first = hold("a1");

        Future<?> a = send(gate, ops("a", 5));
        await().until(() -> inFlight.contains("a1"));
        Future<?> b = send(gate, ops("b", 5));

        await().during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(2))
                .until(() -> inFlight.equals(List.of("a1")));
        first.countDown();
        await().until(() -> a.isDone() && b.isDone());
        assertThat(a).succeedsWithin(Duration.ofSeconds(1));
        assertThat(b).succeedsWithin(Duration.ofSeconds(1));
    }

    @Test
    void aSmallRequestWhoseTurnDoesNotComeWithinTheLongestWaitIsSentAnyway() {
        SerialSmallRequests gate = new SerialSmallRequests(node, 100, Duration.ofMillis(100));
        CountDownLatch slow = hold("a1");

        send(gate, ops("a", 5));
        await().until(() -> inFlight.contains("a1"));
        Future<?> b = send(gate, ops("b", 5));

        await().atMost(Duration.ofSeconds(5)).until(b::isDone);
        assertThat(b).succeedsWithin(Duration.ofSeconds(1));
        assertThat(inFlight).containsExactly("a1");
        slow.countDown();
    }

    @Test
    void aLargeRequestGoesAtOnceBesideASmallOneInFlight() {
        SerialSmallRequests gate = new SerialSmallRequests(node, 100);
        CountDownLatch small = hold("a1");
        CountDownLatch large = hold("b1");

        send(gate, ops("a", 100));
        send(gate, ops("b", 101));

        await().until(() -> inFlight.containsAll(List.of("a1", "b1")));
        small.countDown();
        large.countDown();
    }

    @Test
    void largeRequestsOfSeveralConsumersGoInParallel() {
        SerialSmallRequests gate = new SerialSmallRequests(node, 100);
        List<CountDownLatch> holds = List.of(hold("a1"), hold("b1"), hold("c1"));

        send(gate, ops("a", 200));
        send(gate, ops("b", 200));
        send(gate, ops("c", 200));

        await().until(() -> inFlight.size() == 3);
        holds.forEach(CountDownLatch::countDown);
    }

    @Test
    void zeroSendsEveryRequestAtOnce() {
        SerialSmallRequests gate = new SerialSmallRequests(node, 0);
        CountDownLatch a = hold("a1");
        CountDownLatch b = hold("b1");

        send(gate, ops("a", 1));
        send(gate, ops("b", 1));

        await().until(() -> inFlight.containsAll(List.of("a1", "b1")));
        a.countDown();
        b.countDown();
    }

    @Test
    void aRequestAheadThatGetsNoResponseStillLetsTheNextOneGo() throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        SerialSmallRequests gate = new SerialSmallRequests(
                ops -> {
                    if (failed.compareAndSet(false, true)) {
                        throw new java.net.ConnectException("refused");
                    }
                    return Collections.nCopies(ops.size(), ItemResult.ok(201));
                },
                100);

        assertThatThrownBy(() -> gate.execute(ops("a", 1))).isInstanceOf(IOException.class);
        assertThat(CompletableFuture.supplyAsync(() -> execute(gate, ops("b", 1)), consumers))
                .succeedsWithin(Duration.ofSeconds(5))
                .isEqualTo(List.of(ItemResult.ok(201)));
    }

    @Test
    void aConsumerInterruptedWhileWaitingGetsNoResponseAndKeepsItsInterrupt() {
        SerialSmallRequests gate = new SerialSmallRequests(node, 100, Duration.ofSeconds(30));
        CountDownLatch first = hold("a1");
        send(gate, ops("a", 1));
        await().until(() -> inFlight.contains("a1"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread waiting = new Thread(() -> {
            try {
                gate.execute(ops("b", 1));
            } catch (IOException e) {
                failure.set(e);
                interruptKept.set(Thread.currentThread().isInterrupted());
            }
        });
        waiting.start();
        await().until(() -> waiting.getState() == Thread.State.TIMED_WAITING);

        waiting.interrupt();

        await().until(() -> failure.get() != null);
        assertThat(failure.get()).isInstanceOf(InterruptedIOException.class);
        assertThat(interruptKept).isTrue();
        assertThat(inFlight).containsExactly("a1");
        first.countDown();
    }

    @Test
    void refusesANegativeSize() {
        assertThatThrownBy(() -> new SerialSmallRequests(node, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private CountDownLatch hold(String firstId) {
        CountDownLatch latch = new CountDownLatch(1);
        held.put(firstId, latch);
        return latch;
    }

    private Future<?> send(BulkExecutor executor, List<IndexOperation> ops) {
        return consumers.submit(() -> execute(executor, ops));
    }

    private static List<ItemResult> execute(BulkExecutor executor, List<IndexOperation> ops) {
        try {
            return executor.execute(ops);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code count} operations with ids PREFIX1, PREFIX2, … */
    static List<IndexOperation> ops(String prefix, int count) {
        List<IndexOperation> ops = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String id = prefix + i;
            ops.add(IndexOperation.index(
                    new ConsumerRecord<>(Topics.ENRICHED, 0, i, id, null),
                    id,
                    1,
                    "{}".getBytes(StandardCharsets.UTF_8)));
        }
        return ops;
    }
}
