package org.gongkai.index.write;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.entity.ContentType;

/**
 * The NDJSON body of one {@code _bulk} request as an HTTP entity that is never copied into one array: a list of
 * segments, each operation's action line (built here, a few dozen bytes) followed by its document's bytes, which are
 * the {@link IndexOperation}'s own (referenced, not copied). The service held a contiguous buffer per listener thread
 * instead, as large as the largest request (8-16 MB for a poll of 500 notices), on top of the documents it copied:
 * three consumers kept 24-48 MB of the then 192 MB heap for it, in which a backlog's polls already drive the serial
 * collector into full collections (docs/benchmarks.md, "Index: the gap to the loader, session 7").
 *
 * <p>Immutable once built (the documents are never changed after planning), so it is repeatable: the client may
 * read it again, and a request abandoned without an answer cannot disturb the next one. Thread-safe to read.
 */
final class BulkBody extends AbstractHttpEntity {

    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    private static final byte[] INDEX = "{\"index\":{\"_id\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DELETE = "{\"delete\":{\"_id\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VERSION = ",\"version\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EXTERNAL = ",\"version_type\":\"external\"}}\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "}}\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEWLINE = {'\n'};

    private final byte[][] segments;
    private final long length;

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
