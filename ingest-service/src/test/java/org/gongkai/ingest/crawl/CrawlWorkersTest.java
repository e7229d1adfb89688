package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CrawlWorkersTest {

    private final AtomicInteger started = new AtomicInteger();
    private final ThreadFactory factory = r -> {
        Thread thread = new Thread(r, "test-worker-" + started.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    };
    private CrawlWorkers workers;

    @AfterEach
    void stop() throws InterruptedException {
        if (workers != null) {
            workers.shutdownNow();
            assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aTaskGoesToAnIdleThreadInsteadOfANewOne() {
        workers = new CrawlWorkers(8, 1, TimeUnit.MINUTES, factory);
        List<String> ranOn = new CopyOnWriteArrayList<>();
        for (int round = 0; round < 3; round++) {
            workers.execute(() -> ranOn.add(Thread.currentThread().getName()));
            await().atMost(5, TimeUnit.SECONDS).until(() -> workers.idleThreads() == 1);
        }
        assertThat(ranOn).containsExactly("test-worker-1", "test-worker-1", "test-worker-1");
        assertThat(started).hasValue(1);
        assertThat(workers.threads()).isEqualTo(1);
    }

    @Test
    void aSecondRoundOfCrawlsRunsOnTheThreadsOfTheFirst() throws InterruptedException {
        workers = new CrawlWorkers(256, 1, TimeUnit.MINUTES, factory);
        for (int round = 0; round < 2; round++) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(40);
            for (int site = 0; site < 40; site++) {
                workers.execute(() -> {
                    running.countDown();
                    awaitQuietly(release);
                });
            }
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            await().atMost(5, TimeUnit.SECONDS).until(() -> workers.idleThreads() == 40);
        }
        assertThat(started).hasValue(40);
    }

    @Test
    void atMostMaxThreadsRunAndTheOtherTasksWaitForOne() throws InterruptedException {
        workers = new CrawlWorkers(2, 1, TimeUnit.MINUTES, factory);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            workers.execute(() -> {
                running.incrementAndGet();
                awaitQuietly(release);
                done.countDown();
            });
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> running.get() == 2);
        assertThat(workers.threads()).isEqualTo(2);
        release.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(running).hasValue(5);
        assertThat(started).hasValue(2);
    }

    @Test
    void queuedTasksRunInArrivalOrder() throws InterruptedException {
        workers = new CrawlWorkers(1, 1, TimeUnit.MINUTES, factory);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            int task = i;
            workers.execute(() -> {
                order.add(task);
                awaitQuietly(release);
                done.countDown();
            });
        }
        release.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aThreadWithoutWorkForTheKeepAliveTimeEnds() {
        workers = new CrawlWorkers(4, 50, TimeUnit.MILLISECONDS, factory);
        workers.execute(() -> {});
        workers.execute(() -> {});
        await().atMost(5, TimeUnit.SECONDS).until(() -> workers.threads() == 0);
    }

    @Test
    void tasksQueuedBehindOneThatThrowsStillRun() throws InterruptedException {
        workers = new CrawlWorkers(1, 1, TimeUnit.MINUTES, r -> {
            Thread thread = factory.newThread(r);
            thread.setUncaughtExceptionHandler((t, e) -> {});
            return thread;
        });
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);
        workers.execute(() -> {
            awaitQuietly(release);
            throw new IllegalStateException("crawl failed");
        });
        workers.execute(ran::countDown);
        release.countDown();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anInterruptATaskLeftSetDoesNotReachTheNextTask() throws InterruptedException {
        workers = new CrawlWorkers(1, 1, TimeUnit.MINUTES, factory);
        CountDownLatch checked = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger(-1);
        workers.execute(() -> Thread.currentThread().interrupt());
        workers.execute(() -> {
            interrupted.set(Thread.currentThread().isInterrupted() ? 1 : 0);
            checked.countDown();
        });
        assertThat(checked.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).hasValue(0);
    }

    @Test
    void shutdownNowInterruptsRunningTasksDropsQueuedOnesAndRefusesNewOnes() throws InterruptedException {
        workers = new CrawlWorkers(1, 1, TimeUnit.MINUTES, factory);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicInteger queuedRan = new AtomicInteger();
        workers.execute(() -> {
            running.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        workers.execute(queuedRan::incrementAndGet);
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        workers.shutdownNow();
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(queuedRan).hasValue(0);
        assertThatThrownBy(() -> workers.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
