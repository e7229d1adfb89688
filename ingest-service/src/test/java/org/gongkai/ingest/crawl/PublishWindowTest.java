package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gongkai.ingest.publish.PublishException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PublishWindowTest {

    private final List<String> completed = new CopyOnWriteArrayList<>();
    private final List<NoticeOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final ExecutorService crawlThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        crawlThread.shutdownNow();
    }

    private PublishWindow.Completion recording(String page) {
        Thread caller = Thread.currentThread();
        return failure -> {
            // the ack's follow-up runs on the crawl's thread, never on the thread that completed the ack
            assertThat(Thread.currentThread()).isSameAs(caller);
            completed.add(page + (failure == null ? " acked" : " failed: " + failure.getMessage()));
            return failure == null ? NoticeOutcome.PUBLISHED : NoticeOutcome.FAILED;
        };
    }

    @Test
    void acksArrivingOutOfOrderRunTheirCompletionsInArrivalOrderOnTheCrawlsThread() throws Exception {
        PublishWindow window = new PublishWindow(8, outcomes::add);
        CompletableFuture<Void> a = new CompletableFuture<>();
        CompletableFuture<Void> b = new CompletableFuture<>();
        CompletableFuture<Void> c = new CompletableFuture<>();
        window.add(() -> a, recording("a"));
        window.add(() -> b, recording("b"));
        window.add(() -> c, recording("c"));
        assertThat(window.inFlight()).isEqualTo(3);
        assertThat(completed).as("nothing recorded before its ack").isEmpty();

        Thread producerIo = new Thread(() -> {
            c.complete(null);
            a.complete(null);
            b.complete(null);
        });
        producerIo.start();
        producerIo.join();
        assertThat(completed).as("queued, not run on the producer's thread").isEmpty();

        window.drain();
        assertThat(completed).containsExactly("c acked", "a acked", "b acked");
        assertThat(outcomes).containsOnly(NoticeOutcome.PUBLISHED).hasSize(3);
        assertThat(window.inFlight()).isZero();
    }

    @Test
    void aFullWindowWaitsForAnAckBeforeTheNextSend() throws Exception {
        PublishWindow window = new PublishWindow(2, outcomes::add);
        CompletableFuture<Void> a = new CompletableFuture<>();
        CompletableFuture<Void> b = new CompletableFuture<>();
        CompletableFuture<Void> c = new CompletableFuture<>();
        Future<?> crawl = crawlThread.submit(() -> {
            window.add(() -> a, recording("a"));
            window.add(() -> b, recording("b"));
            window.add(() -> c, recording("c"));
            return null;
        });
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(window.inFlight()).isEqualTo(2));
        assertThat(crawl.isDone()).as("the third send waits").isFalse();

        b.complete(null);
        crawl.get();
        assertThat(completed).containsExactly("b acked");
        assertThat(window.inFlight()).isEqualTo(2);
    }

    @Test
    void aBrokerAwayIsThrownByTheNextSendAfterItsCompletionRanAndTheRestIsStillRecorded() throws Exception {
        PublishWindow window = new PublishWindow(8, outcomes::add);
        CompletableFuture<Void> a = new CompletableFuture<>();
        CompletableFuture<Void> b = new CompletableFuture<>();
        window.add(() -> a, recording("a"));
        window.add(() -> b, recording("b"));
        PublishException away = new PublishException("broker away", null, true);
        a.completeExceptionally(away);

        assertThatThrownBy(() -> window.add(CompletableFuture::new, recording("c")))
                .isSameAs(away);
        assertThat(window.counted(away)).isTrue();
        assertThat(completed).containsExactly("a failed: broker away");

        b.complete(null);
        window.drainQuietly();
        assertThat(completed).containsExactly("a failed: broker away", "b acked");
        assertThat(outcomes).containsExactly(NoticeOutcome.FAILED, NoticeOutcome.PUBLISHED);
    }

    @Test
    void atShutdownTheAcksAlreadyArrivedAreRecordedWithoutWaitingForTheOthers() throws Exception {
        PublishWindow window = new PublishWindow(8, outcomes::add);
        CompletableFuture<Void> a = new CompletableFuture<>();
        window.add(() -> a, recording("a"));
        window.add(CompletableFuture::new, recording("never acknowledged"));
        a.complete(null);

        window.completeArrived();

        assertThat(completed).containsExactly("a acked");
        assertThat(window.inFlight()).isEqualTo(1);
    }

    @Test
    void aRefusedNoticeReachesItsCompletionAndTheCrawlGoesOn() throws Exception {
        PublishWindow window = new PublishWindow(8, outcomes::add);
        window.add(
                () -> CompletableFuture.failedFuture(new PublishException("record too large", null, false)),
                recording("a"));
        window.add(() -> CompletableFuture.completedFuture(null), recording("b"));
        window.drain();
        assertThat(completed).containsExactly("a failed: record too large", "b acked");
    }
}
