package org.gongkai.ingest.attach;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.Parser;

/**
 * Extracts the text of an attachment with Apache Tika ({@link TikaExtraction}): the type is detected from the bytes
 * (the file name is only a hint, so a Word file served as {@code .wps} is read as Word), must be one of the
 * configured content types, and is then parsed into plain text of at most {@code max-text-chars} characters.
 * Embedded documents are not parsed. Failures never throw: they come back as the result's {@code error}.
 *
 * <p>Two modes ({@code parse-mode}):
 *
 * <ul>
 *   <li><b>process</b> ({@link ChildParses}): each parse runs in a child JVM with its own heap ({@code
 *       child-heap}); a parse that runs out of that heap or past {@code parse-timeout} is killed with its process,
 *       the calling (crawler) thread gets the failure at once and the next parse gets a fresh child. A hard bound
 *       in memory and time.
 *   <li><b>in-process</b>: detection and parsing run on a pool of {@code parse-threads} daemon threads in the
 *       service's heap, and a parse still running after {@code parse-timeout} is abandoned (interrupted, which most
 *       parsers ignore: its thread stays taken until the parse ends). While every thread is held by an abandoned
 *       parse, an extraction fails at once ({@code busy}) instead of waiting. No memory bound beyond the heap's.
 * </ul>
 *
 * <p>Metric: {@code gongkai.ingest.attachment.parse} (timer; tag {@code result}: ok, truncated, unsupported,
 * error, timeout, busy, and in process mode memory, crashed). Thread-safe.
 */
public final class AttachmentText implements AutoCloseable {

    /**
     * An extraction.
     *
     * @param contentType the detected media type, null when detection did not finish
     * @param text        the text, null when extraction failed
     * @param truncated   whether the text was cut at the character cap
     * @param error       why extraction failed, null on success
     */
    public record Extracted(String contentType, String text, boolean truncated, String error) {

        static Extracted failed(String contentType, String error) {
            return new Extracted(contentType, null, false, error);
        }

        /** The metric's result of a finished extraction. */
        String result() {
            if (error != null) {
                return text == null && error.startsWith("unsupported") ? "unsupported" : "error";
            }
            return truncated ? "truncated" : "ok";
        }
    }

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int ABANDONED = 3;

    private final TikaExtraction tika;
    private final Duration timeout;
    private final int threads;
    private final ThreadPoolExecutor executor;
    /** Parses abandoned after their timeout that still hold a thread. */
    private final AtomicInteger stuck = new AtomicInteger();

    /** The child processes in process mode, else null. */
    private final ChildParses children;

    private final MeterRegistry meters;

    /** In-process mode: Tika's auto-detecting parser over the parsers on the class path (PDF, Microsoft Office, RTF). */
    public AttachmentText(
            List<String> contentTypes, int maxChars, Duration timeout, int threads, MeterRegistry meters) {
        this(new AutoDetectParser(), contentTypes, maxChars, timeout, threads, meters);
    }

    /** In-process mode. @param parser the parser to run (tests inject a slow one); detection stays Tika's */
    public AttachmentText(
            Parser parser,
            List<String> contentTypes,
            int maxChars,
            Duration timeout,
            int threads,
            MeterRegistry meters) {
        this.tika = new TikaExtraction(parser, contentTypes, maxChars);
        this.timeout = timeout;
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.executor =
                new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "attachment-parse-" + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.executor.allowCoreThreadTimeOut(true);
        this.children = null;
        this.meters = meters;
    }

    /** Process mode: every parse in one of {@code children}'s processes; closing this closes them. */
    public AttachmentText(ChildParses children, MeterRegistry meters) {
        this.tika = null;
        this.timeout = children.settings().timeout();
        this.threads = children.settings().processes();
        this.executor = null;
        this.children = children;
        this.meters = meters;
    }

    /**
     * Extracts the text of {@code bytes}.
     *
     * @param fileName the file name from the URL, a detection hint; may be null
     * @throws InterruptedException when the calling thread is interrupted while waiting (shutdown)
     */
    public Extracted extract(byte[] bytes, String fileName) throws InterruptedException {
        long start = System.nanoTime();
        if (children != null) {
            ChildParses.Parsed parsed = children.parse(bytes, fileName);
            return record(start, parsed.result(), parsed.extracted());
        }
        if (stuck.get() >= threads) {
            return record(
                    start,
                    "busy",
                    Extracted.failed(
                            null,
                            "not parsed: all " + threads + " parse threads are still busy with parses that timed"
                                    + " out"));
        }
        // QUEUED -> RUNNING -> DONE, or -> ABANDONED on timeout (counted as stuck while it still runs).
        AtomicInteger phase = new AtomicInteger(QUEUED);
        Future<Extracted> future = executor.submit(() -> {
            if (!phase.compareAndSet(QUEUED, RUNNING)) {
                return null;
            }
            try {
                return tika.parse(bytes, fileName);
            } finally {
                if (phase.getAndSet(DONE) == ABANDONED) {
                    stuck.decrementAndGet();
                }
            }
        });
        try {
            Extracted extracted = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return record(start, extracted.result(), extracted);
        } catch (TimeoutException e) {
            abandon(future, phase);
            return record(start, "timeout", Extracted.failed(null, "text extraction timed out after " + timeout));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return record(
                    start,
                    "error",
                    Extracted.failed(null, "text extraction failed: " + TikaExtraction.describe(cause)));
        } catch (InterruptedException e) {
            abandon(future, phase);
            throw e;
        }
    }

    private void abandon(Future<Extracted> future, AtomicInteger phase) {
        if (phase.compareAndSet(RUNNING, ABANDONED)) {
            stuck.incrementAndGet();
        } else {
            phase.compareAndSet(QUEUED, ABANDONED);
        }
        future.cancel(true);
    }

    /** Plain text as an index wants it: no control characters, no trailing blanks, at most one empty line. */
    static String clean(String text) {
        return TikaExtraction.clean(text);
    }

    private Extracted record(long startNanos, String result, Extracted extracted) {
        Timer.builder("gongkai.ingest.attachment.parse")
                .description("Text extractions of attachments, by result")
                .tag("result", result.toLowerCase(Locale.ROOT))
                .register(meters)
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
        return extracted;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (children != null) {
            children.close();
        }
    }
}
