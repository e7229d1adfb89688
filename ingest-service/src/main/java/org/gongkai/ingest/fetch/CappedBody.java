package org.gongkai.ingest.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Reads a response body of {@link PinnedHttpTransport} up to the cap. A longer one is cut at the cap and its
 * connection dropped before the stream is closed (closing would drain the rest); a complete one is read to its end,
 * so the connection goes back to the pool. A body the server ends short of its Content-Length is a {@link
 * TruncatedBodyException} telling how much of it came.
 *
 * <p>Stateless; the stream is read on the calling thread.
 */
final class CappedBody {

    /** The body read, at most the cap, and whether it was cut there. */
    record Read(byte[] body, boolean truncated) {}

    private CappedBody() {}

    /**
     * @param connection cancelled to drop the connection of a body longer than {@code maxBodyBytes}
     * @throws TruncatedBodyException when the connection closed before Content-Length bytes came
     * @throws IOException            when reading fails otherwise
     */
    static Read read(HttpEntity entity, long maxBodyBytes, Cancellable connection) throws IOException {
        Counting in = new Counting(entity.getContent());
        byte[] read;
        try {
            read = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        } catch (ConnectionClosedException e) {
            // "Premature end of Content-Length delimited message body": said the same for every transport
            long expected = entity.getContentLength();
            if (expected > in.count) {
                throw new TruncatedBodyException(in.count, expected, e);
            }
            throw e;
        }
        boolean truncated = read.length > maxBodyBytes;
        byte[] body = truncated ? Arrays.copyOf(read, (int) maxBodyBytes) : read;
        if (truncated) {
            // Closing the stream would drain the rest: drop the connection first.
            connection.cancel();
            try {
                in.close();
            } catch (IOException e) {
                // The connection is dropped: nothing to report.
            }
        } else {
            in.close(); // at its end: the connection goes back to the pool
        }
        return new Read(body, truncated);
    }

    /** Counts the body bytes read, so a body cut short can say how much of it came. */
    private static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
