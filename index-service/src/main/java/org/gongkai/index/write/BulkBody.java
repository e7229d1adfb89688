package org.gongkai.index.write;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.ContentEncoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.entity.HttpAsyncContentProducer;

/**
 * The NDJSON body of one {@code _bulk} request as an HTTP entity that is never copied into one array: a list of
 * segments, each operation's action line (built here, a few dozen bytes) followed by its document's bytes, which are
 * the {@link IndexOperation}'s own (referenced, not copied). The service held a contiguous buffer per listener thread
 * instead, as large as the largest request (8-16 MB for a poll of 500 notices), on top of the documents it copied:
 * three consumers kept 24-48 MB of the then 192 MB heap for it, in which a backlog's polls already drive the serial
 * collector into full collections (docs/benchmarks.md, "Index: the gap to the loader, session 7").
 *
 * <p>The asynchronous HTTP client writes it to the socket itself ({@link HttpAsyncContentProducer}): each segment is
 * handed to the connection's encoder as it is, so a document goes to the socket in one write (small segments are
 * gathered in the connection's buffer first). Through {@link #getContent()} the client would copy the body twice on
 * its way (a channel over the stream, then its 4 KB buffer) and write it 4 KB per turn of its I/O loop.
 *
 * <p>The segments are immutable once built (the documents are never changed after planning), so the body is
 * repeatable: the client may produce it again (after {@link #close()}), and a request abandoned without an answer
 * cannot disturb the next one. {@link #getContent()} and {@link #writeTo} are thread-safe; producing is the one I/O
 * thread's that sends the request (the client's contract for a content producer).
 */
final class BulkBody extends AbstractHttpEntity implements HttpAsyncContentProducer {

    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    private static final byte[] INDEX = "{\"index\":{\"_id\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DELETE = "{\"delete\":{\"_id\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VERSION = ",\"version\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EXTERNAL = ",\"version_type\":\"external\"}}\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "}}\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEWLINE = {'\n'};

    private final byte[][] segments;
    private final long length;

    /** Producing: the next segment to hand to the encoder, and what the encoder has not taken of the current one. */
    private int next;

    private ByteBuffer pending;

    private BulkBody(byte[][] segments, long length) {
        this.segments = segments;
        this.length = length;
        setContentType(NDJSON.toString());
    }

    /** The body of {@code operations}: per operation its action line, and after an index its document and a newline. */
    static BulkBody of(List<IndexOperation> operations) {
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        byte[][] segments = new byte[operations.size() * 3][];
        int n = 0;
        long length = 0;
        for (IndexOperation op : operations) {
            boolean index = op.kind() == IndexOperation.Kind.INDEX;
            byte[] action = action(op, index, encoder);
            segments[n++] = action;
            length += action.length;
            if (index) {
                segments[n++] = op.source();
                segments[n++] = NEWLINE;
                length += op.source().length + 1;
            }
        }
        byte[][] used = n == segments.length ? segments : java.util.Arrays.copyOf(segments, n);
        return new BulkBody(used, length);
    }

    private static byte[] action(IndexOperation op, boolean index, JsonStringEncoder encoder) {
        byte[] id = encoder.quoteAsUTF8(op.id());
        byte[] version = op.versioned() ? Long.toString(op.version()).getBytes(StandardCharsets.US_ASCII) : null;
        byte[] head = index ? INDEX : DELETE;
        int size = head.length
                + id.length
                + 2
                + (version == null ? END.length : VERSION.length + version.length + EXTERNAL.length);
        byte[] line = new byte[size];
        int at = put(line, 0, head);
        line[at++] = '"';
        at = put(line, at, id);
        line[at++] = '"';
        if (version != null) {
            at = put(line, at, VERSION);
            at = put(line, at, version);
            put(line, at, EXTERNAL);
        } else {
            put(line, at, END);
        }
        return line;
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public long getContentLength() {
        return length;
    }

    @Override
    public InputStream getContent() {
        return new SegmentsStream(segments);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        for (byte[] segment : segments) {
            out.write(segment);
        }
    }

    @Override
    public boolean isStreaming() {
        return false;
    }

    /**
     * Hands the segments to {@code encoder} until it takes no more (the socket is full: the client calls again once
     * it can write) or the body is complete.
     */
    @Override
    public void produceContent(ContentEncoder encoder, IOControl io) throws IOException {
        while (true) {
            if (pending == null) {
                if (next == segments.length) {
                    encoder.complete();
                    return;
                }
                pending = ByteBuffer.wrap(segments[next++]);
            }
            encoder.write(pending);
            if (pending.hasRemaining()) {
                return;
            }
            pending = null;
        }
    }

    /** Ends producing; a later {@link #produceContent} starts the body again from its first byte. */
    @Override
    public void close() {
        next = 0;
        pending = null;
    }

    /** The whole body as one array (tests, and a request's size in logs). */
    byte[] toByteArray() {
        byte[] all = new byte[Math.toIntExact(length)];
        int at = 0;
        for (byte[] segment : segments) {
            at = put(all, at, segment);
        }
        return all;
    }

    /** Reads the segments one after the other without copying them first. Not thread-safe (one reader). */
    private static final class SegmentsStream extends InputStream {

        private final byte[][] segments;
        private int segment;
        private int offset;

        SegmentsStream(byte[][] segments) {
            this.segments = segments;
        }

        @Override
        public int read() {
            while (segment < segments.length) {
                byte[] current = segments[segment];
                if (offset < current.length) {
                    return current[offset++] & 0xff;
                }
                segment++;
                offset = 0;
            }
            return -1;
        }

        @Override
        public int read(byte[] into, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int copied = 0;
            while (copied < len && segment < segments.length) {
                byte[] current = segments[segment];
                int n = Math.min(len - copied, current.length - offset);
                System.arraycopy(current, offset, into, off + copied, n);
                copied += n;
                offset += n;
                if (offset == current.length) {
                    segment++;
                    offset = 0;
                }
            }
            return copied == 0 ? -1 : copied;
        }

        @Override
        public int available() {
            return segment < segments.length ? segments[segment].length - offset : 0;
        }
    }
}
