package org.gongkai.ingest.attach;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.regex.Pattern;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.extractor.DocumentSelector;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.ContentHandler;

/**
 * Extracts the text of an attachment with Apache Tika: the type is detected from the bytes (the file name is only
 * a hint, so a Word file served as {@code .wps} is read as Word), must be one of the configured content types,
 * and is then parsed into plain text of at most {@code max-text-chars} characters. Embedded documents are not
 * parsed.
 *
 * <p>Bounded in time: detection and parsing run on a pool of {@code parse-threads} daemon threads, and a parse
 * still running after {@code parse-timeout} is abandoned (interrupted, which most parsers ignore: its thread stays
 * taken until the parse ends). While every thread is held by an abandoned parse, an extraction fails at once
 * instead of waiting. Failures never throw: they come back as the result's {@code error}.
 *
 * <p>Metric: {@code gongkai.ingest.attachment.parse} (timer; tag {@code result}: ok, truncated, unsupported,
 * error, timeout, busy). Thread-safe.
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
    }

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int ABANDONED = 3;

    private static final Pattern TRAILING_SPACE = Pattern.compile("[ \\t\\u00a0\\u3000]+\\n");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]");

    private final Parser parser;
    private final Detector detector;
    private final MediaTypeRegistry registry;
    private final List<MediaType> accepted;
    private final int maxChars;
    private final Duration timeout;
    private final int threads;
    private final ThreadPoolExecutor executor;
    /** Parses abandoned after their timeout that still hold a thread. */
    private final AtomicInteger stuck = new AtomicInteger();

    private final MeterRegistry meters;

    /** Tika's auto-detecting parser over the parsers on the class path (PDF, Microsoft Office, RTF). */
    public AttachmentText(
            List<String> contentTypes, int maxChars, Duration timeout, int threads, MeterRegistry meters) {
        this(new AutoDetectParser(), contentTypes, maxChars, timeout, threads, meters);
    }

    /** @param parser the parser to run (tests inject a slow one); detection stays Tika's */
    public AttachmentText(
            Parser parser,
            List<String> contentTypes,
            int maxChars,
            Duration timeout,
            int threads,
            MeterRegistry meters) {
        TikaConfig tika = TikaConfig.getDefaultConfig();
        this.parser = parser;
        this.detector = tika.getDetector();
        this.registry = tika.getMediaTypeRegistry();
        this.accepted = contentTypes.stream().map(MediaType::parse).toList();
        this.maxChars = maxChars;
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
                return parse(bytes, fileName);
            } finally {
                if (phase.getAndSet(DONE) == ABANDONED) {
                    stuck.decrementAndGet();
                }
            }
        });
        try {
            Extracted extracted = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String result = extracted.error() != null
                    ? (extracted.text() == null && extracted.error().startsWith("unsupported")
                            ? "unsupported"
                            : "error")
                    : extracted.truncated() ? "truncated" : "ok";
            return record(start, result, extracted);
        } catch (TimeoutException e) {
            abandon(future, phase);
            return record(start, "timeout", Extracted.failed(null, "text extraction timed out after " + timeout));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return record(start, "error", Extracted.failed(null, "text extraction failed: " + describe(cause)));
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

    private Extracted parse(byte[] bytes, String fileName) throws IOException {
        Metadata metadata = new Metadata();
        if (fileName != null && !fileName.isBlank()) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        MediaType type;
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            type = registry.normalize(detector.detect(in, metadata));
        }
        String detected = type.getBaseType().toString();
        if (!isAccepted(type)) {
            return Extracted.failed(detected, "unsupported content type " + detected);
        }
        BodyContentHandler handler = new BodyContentHandler(maxChars);
        boolean truncated = false;
        metadata.set(Metadata.CONTENT_TYPE, detected);
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            parser.parse(in, handler, metadata, context());
        } catch (Exception e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                truncated = true;
            } else {
                return Extracted.failed(detected, "text extraction failed: " + describe(e));
            }
        }
        return new Extracted(detected, clean(handler.toString()), truncated, null);
    }

    /**
     * A parse context that skips embedded documents (files attached to a PDF, packages and OLE objects inside
     * Office files): an empty context does not, since {@link AutoDetectParser} then installs itself as the parser
     * of embedded documents. PDFBox keeps at most {@link #PDF_MAIN_MEMORY_BYTES} of the document in its heap
     * cache, the rest in a temporary file.
     */
    private static ParseContext context() {
        ParseContext context = new ParseContext();
        context.set(EmbeddedDocumentExtractor.class, SKIP_EMBEDDED);
        context.set(DocumentSelector.class, metadata -> false);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setExtractInlineImages(false);
        pdf.setMaxMainMemoryBytes(PDF_MAIN_MEMORY_BYTES);
        context.set(PDFParserConfig.class, pdf);
        return context;
    }

    /** PDFBox's in-heap cache of one parsed PDF; beyond it the cache spills to a temporary file. */
    static final long PDF_MAIN_MEMORY_BYTES = 32L << 20;

    private static final EmbeddedDocumentExtractor SKIP_EMBEDDED = new EmbeddedDocumentExtractor() {
        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            return false;
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {
            // never parsed
        }
    };

    private boolean isAccepted(MediaType type) {
        for (MediaType t = type.getBaseType(); t != null; t = registry.getSupertype(t)) {
            if (accepted.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** Plain text as an index wants it: no control characters, no trailing blanks, at most one empty line. */
    static String clean(String text) {
        String t =
                CONTROL.matcher(text.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("");
        t = TRAILING_SPACE.matcher(t).replaceAll("\n");
        t = BLANK_LINES.matcher(t).replaceAll("\n\n");
        return t.strip();
    }

    /** A short description of a failure: its class and message, and those of its root cause. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String first = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (root == e) {
            return cut(first);
        }
        return cut(first + " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")");
    }

    private static String cut(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "…";
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
        executor.shutdownNow();
    }
}
