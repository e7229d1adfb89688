package org.gongkai.ingest.attach;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
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
 * One text extraction with Apache Tika, on the calling thread: the type detected from the bytes (the file name only
 * a hint), checked against the accepted types, then parsed into plain text of at most {@code maxChars}
 * characters, embedded documents skipped. Runs in the service ({@link AttachmentText}'s in-process mode) and in
 * the parse child process ({@link ParseChild}). Failures come back as the result's error; only an {@link Error}
 * (out of memory, stack overflow) is thrown. Thread-safe (Tika's parsers are).
 */
final class TikaExtraction {

    private static final Pattern TRAILING_SPACE = Pattern.compile("[ \\t\\u00a0\\u3000]+\\n");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]");

    /** PDFBox's in-heap cache of one parsed PDF; beyond it the cache spills to a temporary file. */
    static final long PDF_MAIN_MEMORY_BYTES = 32L << 20;

    private final Parser parser;
    private final Detector detector;
    private final MediaTypeRegistry registry;
    private final List<MediaType> accepted;
    private final int maxChars;

    /** @param parser the parser to run, null for Tika's auto-detecting parser over the class path */
    TikaExtraction(Parser parser, List<String> contentTypes, int maxChars) {
        TikaConfig tika = TikaConfig.getDefaultConfig();
        this.parser = parser != null ? parser : new AutoDetectParser();
        this.detector = tika.getDetector();
        this.registry = tika.getMediaTypeRegistry();
        this.accepted = contentTypes.stream().map(MediaType::parse).toList();
        this.maxChars = maxChars;
    }

    AttachmentText.Extracted parse(byte[] bytes, String fileName) throws IOException {
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
            return AttachmentText.Extracted.failed(detected, "unsupported content type " + detected);
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
                return AttachmentText.Extracted.failed(detected, "text extraction failed: " + describe(e));
            }
        }
        return new AttachmentText.Extracted(detected, clean(handler.toString()), truncated, null);
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
}
