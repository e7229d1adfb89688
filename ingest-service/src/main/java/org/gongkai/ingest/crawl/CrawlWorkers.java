package org.gongkai.ingest.crawl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The crawl worker threads: at most {@code max} at once, an idle one reused before a new one is started, each
 * ending after {@code keepAlive} without work; tasks beyond {@code max} wait in arrival order.
 *
 * <p>Why not a {@link java.util.concurrent.ThreadPoolExecutor} with {@code core = max}: that starts a new thread
 * for every task until {@code core} threads exist, even while others are idle. A round of 40 site crawls followed
 * by another then ran on 80 threads until the first 40 timed out, each keeping the stack pages its crawl touched
 * resident (session 10: ingest-service in the benchmark's end-to-end stage). Its other forms cannot have both
 * reuse and a queue beyond {@code max} without a race between a thread timing out and a task queued for it; here
 * one monitor guards the tasks and the idle count, so a task is queued for an idle thread only while one waits.
 *
 * <p>Thread-safe. A task that throws ends its thread (the exception goes to the thread's handler); the next task
 * starts another.
 */
final class CrawlWorkers implements Executor {

    private final int max;
    private final long keepAliveNanos;
    private final ThreadFactory factory;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final Set<Thread> threads = new HashSet<>();
    /** Threads waiting for a task; guarded by this. */
    private int idle;
    /** Threads started and not yet ended, counted before they run; guarded by this. */
    private int live;

    private boolean stopped;

    CrawlWorkers(int max, long keepAlive, TimeUnit unit, ThreadFactory factory) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        this.max = max;
        this.keepAliveNanos = unit.toNanos(keepAlive);
        this.factory = factory;
    }

    /** Runs {@code task} on an idle thread, else on a new one, else when a thread is free. */
    @Override
    public synchronized void execute(Runnable task) {
        if (stopped) {
            throw new RejectedExecutionException("crawl workers stopped");
        }
        tasks.add(task);
        if (tasks.size() <= idle) {
            notify();
        } else if (live < max) {
            startThread();
        }
    }

    /** Guarded by this. */
    private void startThread() {
        live++;
        Thread thread = factory.newThread(this::work);
        threads.add(thread);
        thread.start();
    }

    /** Threads alive now (started, not yet ended). */
    synchronized int threads() {
        return live;
    }

    /** Threads waiting for a task now. */
    synchronized int idleThreads() {
        return idle;
    }

    /** Stops: no new tasks, queued ones dropped, running ones interrupted. */
    synchronized void shutdownNow() {
        stopped = true;
        tasks.clear();
        threads.forEach(Thread::interrupt);
        notifyAll();
    }

    /** Waits until every thread has ended after {@link #shutdownNow}; false when {@code timeout} passed first. */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<Thread> running;
        synchronized (this) {
            running = new ArrayList<>(threads);
        }
        for (Thread thread : running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private void work() {
        try {
            for (Runnable task = next(); task != null; task = next()) {
                task.run();
            }
        } finally {
            synchronized (this) {
                live--;
                threads.remove(Thread.currentThread());
                // Ended by a task that threw: tasks queued behind it get a thread of their own.
                if (!stopped && tasks.size() > idle && live < max) {
                    startThread();
                }
            }
        }
    }

    /** The next task, or null when none came for the keep-alive time or the workers stopped. */
    private synchronized Runnable next() {
        long deadline = System.nanoTime() + keepAliveNanos;
        while (tasks.isEmpty() && !stopped) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            idle++;
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                // Only shutdownNow interrupts an idle thread: the loop sees it stopped.
            } finally {
                idle--;
            }
        }
        if (stopped) {
            return null;
        }
        // A task's interrupt (it may re-assert one it caught) is not the next task's; under the lock, so a
        // shutdownNow's interrupt comes after this and stays.
        Thread.interrupted();
        return tasks.poll();
    }
}
