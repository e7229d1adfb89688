package org.gongkai.ingest.attach;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.gongkai.ingest.site.AttachmentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs text extractions in child JVMs ({@link ParseChild}, each driven through a {@link ParseProcess}) that the
 * service supervises: at most {@code processes}
 * at once, each parse on the calling thread, which writes the attachment to a child and reads its answer. A kill
 * timer ends a child that has not answered within {@code timeout} ({@link Process#destroyForcibly()}, SIGKILL);
 * its pipe closes, so the calling thread gets the failure at once and its crawl goes on. A child started with
 * {@code -Xmx<heap> -XX:+ExitOnOutOfMemoryError} ends itself when a parse exhausts its heap. Either way the child
 * is gone and the next parse starts a fresh one; nothing of a bad attachment stays in the service's heap or holds
 * one of its threads. An idle child is ended after {@code idle-timeout} (a deployment without attachments pays
 * nothing for it after the first minutes).
 *
 * <p>Why not Tika's {@code ForkParser}: its parse timeout is enforced by the child itself (a watchdog thread in
 * the child calls {@code System.exit}) while the service's thread reads the pipe without a deadline, its pool waits
 * without a bound for a free process, and its default class-loader mode loads every parser class over the pipe.
 * Here the deadline is the parent's, enforced with SIGKILL.
 *
 * <p>Failures come back as results: {@code timeout}, {@code memory} (the child ran out of heap), {@code crashed}
 * (it ended otherwise or could not start), {@code busy} (no child free within {@code timeout}). Metric {@code
 * gongkai.ingest.attachment.parse.children} (counter; tag {@code event}: started, timeout, memory, crashed, idle).
 * Thread-safe.
 */
public final class ChildParses implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChildParses.class);

    /** Exit code of a JVM ended by {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int OUT_OF_MEMORY_EXIT = 3;

    /**
     * How the children run.
     *
     * @param command      the command that starts a child, up to (not including) its arguments ({@link
     *                     ChildCommand})
     * @param contentTypes accepted content types
     * @param maxChars     text characters kept per attachment
     * @param timeout      deadline of one parse (a fresh child gets as long again to start)
     * @param processes    children at most
     * @param idleTimeout  an idle child is ended after this
     * @param heap         the children's heap ({@code -Xmx}), for messages
     * @param parserClass  the parser the children run (a class on their class path with a public no-argument
     *                     constructor), null for Tika's auto-detecting parser; tests pass one of theirs
     */
    public record Settings(
            List<String> command,
            List<String> contentTypes,
            int maxChars,
            Duration timeout,
            int processes,
            Duration idleTimeout,
            String heap,
            String parserClass) {

        /** The service's children as configured ({@code gongkai.ingest.attachments.*}), running Tika's parsers. */
        public static Settings of(AttachmentProperties config) {
            return of(config, null);
        }

        /** @param parserClass the parser the children run, null for Tika's */
        static Settings of(AttachmentProperties config, String parserClass) {
            return new Settings(
                    ChildCommand.forThisJvm(config.childHeapOption(), List.of()),
                    config.contentTypes(),
                    config.maxTextChars(),
                    config.parseTimeout(),
                    config.parseThreads(),
                    config.childIdleTimeout(),
                    config.childHeapOption(),
                    parserClass);
        }
    }

    /**
     * An extraction with its metric result.
     *
     * @param result    ok, truncated, unsupported, error, timeout, memory, crashed or busy
     * @param extracted the extraction
     */
    record Parsed(String result, AttachmentText.Extracted extracted) {}

    private final Settings settings;
    private final MeterRegistry meters;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<ParseProcess> idle = new ConcurrentLinkedDeque<>();
    private final Set<ParseProcess> live = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    public ChildParses(Settings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        this.permits = new Semaphore(settings.processes(), true);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "attachment-parse-timer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    Settings settings() {
        return settings;
    }

    /** Children alive now (idle or parsing). */
    int liveChildren() {
        return (int) live.stream().filter(c -> c.isAlive()).count();
    }

    /** The process ids of the children alive now (tests). */
    List<ProcessHandle> childProcesses() {
        return live.stream().map(c -> c.handle()).filter(ProcessHandle::isAlive).toList();
    }

    /**
     * Extracts the text of {@code bytes} in a child.
     *
     * @throws InterruptedException when interrupted while waiting for a child (shutdown); a child in use is
     *                              killed then
     */
    Parsed parse(byte[] bytes, String fileName) throws InterruptedException {
        if (closed) {
            return new Parsed("crashed", AttachmentText.Extracted.failed(null, "not parsed: shutting down"));
        }
        if (!permits.tryAcquire(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            return new Parsed(
                    "busy",
                    AttachmentText.Extracted.failed(
                            null,
                            "not parsed: all " + settings.processes() + " parse processes stayed busy for "
                                    + settings.timeout()));
        }
        ParseProcess child = null;
        try {
            child = idle.pollFirst();
            while (child != null && !child.isAlive()) {
                forget(child);
                child = idle.pollFirst();
            }
            Duration deadline = settings.timeout();
            if (child == null) {
                child = start();
                deadline = deadline.multipliedBy(2);
            }
            return child.parse(bytes, fileName, deadline);
        } catch (IOException e) {
            // Could not start a child at all (no java, bad command): a clear error per attachment.
            count("crashed");
            return new Parsed(
                    "crashed",
                    AttachmentText.Extracted.failed(
                            null, "text extraction failed: parse process did not start: " + e.getMessage()));
        } finally {
            if (child != null) {
                if (child.reusable() && !closed) {
                    child.idleSince(System.nanoTime());
                    idle.offerFirst(child);
                    scheduleIdleCheck(child);
                } else {
                    child.kill();
                    forget(child);
                }
            }
            permits.release();
        }
    }

    private ParseProcess start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(settings.command());
        command.add(Integer.toString(settings.maxChars()));
        command.add(String.join(",", settings.contentTypes()));
        command.add(settings.parserClass() == null ? "-" : settings.parserClass());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // The service's own JVM options (Compose sets -Xmx256m and more there) are not the child's.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        Process process = builder.start();
        ParseProcess child = new ParseProcess(process, settings, timer, this::count);
        live.add(child);
        count("started");
        log.debug("started attachment parse process {}", process.pid());
        return child;
    }

    private void scheduleIdleCheck(ParseProcess child) {
        try {
            timer.schedule(
                    () -> {
                        if (child.idleFor() >= settings.idleTimeout().toNanos() && idle.remove(child)) {
                            child.kill();
                            forget(child);
                            count("idle");
                        }
                    },
                    settings.idleTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile: close() ends the idle children
        }
    }

    private void forget(ParseProcess child) {
        live.remove(child);
    }

    private void count(String event) {
        Counter.builder("gongkai.ingest.attachment.parse.children")
                .description("Attachment parse child processes: started, and how they ended")
                .tag("event", event)
                .register(meters)
                .increment();
    }

    /** Ends every child (SIGKILL): parses in progress fail at once. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        for (ParseProcess child : live) {
            child.kill();
        }
        live.clear();
        idle.clear();
    }
}
