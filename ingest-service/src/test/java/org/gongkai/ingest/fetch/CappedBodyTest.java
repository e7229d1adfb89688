package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.junit.jupiter.api.Test;

/** The body of a pinned exchange read up to its cap, without a server: cut at the cap, or cut short by the server. */
class CappedBodyTest {

    private final AtomicBoolean dropped = new AtomicBoolean();
    private final Cancellable connection = () -> {
        dropped.set(true);
        return true;
    };
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean droppedWhenClosed = new AtomicBoolean();

    @Test
    void aBodyWithinTheCapIsReadWholeAndItsConnectionKept() throws IOException {
        CappedBody.Read read = CappedBody.read(entity(stream(bytes(100)), 100), 100, connection);

        assertThat(read.body()).isEqualTo(bytes(100));
        assertThat(read.truncated()).isFalse();
        assertThat(dropped).isFalse();
        assertThat(closed).isTrue();
    }

    @Test
    void aBodyPastTheCapIsCutThereAndItsConnectionDroppedBeforeTheStreamCloses() throws IOException {
        CappedBody.Read read = CappedBody.read(entity(stream(bytes(1000)), 1000), 100, connection);

        assertThat(read.body()).isEqualTo(bytes(100));
        assertThat(read.truncated()).isTrue();
        assertThat(dropped).isTrue();
        assertThat(closed).isTrue();
        assertThat(droppedWhenClosed)
                .as("dropped before the stream closed (closing would drain the rest)")
                .isTrue();
    }

    @Test
    void aBodyTheServerEndsShortOfItsContentLengthSaysHowMuchCame() {
        InputStream shortBody = new FilterInputStream(stream(bytes(30))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new ConnectionClosedException("Premature end of Content-Length delimited message body");
                }
                return n;
            }
        };

        assertThatThrownBy(() -> CappedBody.read(entity(shortBody, 60), 1000, connection))
                .isInstanceOfSatisfying(TruncatedBodyException.class, e -> {
                    assertThat(e.received()).isEqualTo(30);
                    assertThat(e.expected()).isEqualTo(60);
                });
    }

    @Test
    void aConnectionClosedAfterTheWholeContentLengthIsNotATruncation() {
        InputStream closedAfterAll = new FilterInputStream(stream(bytes(60))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new ConnectionClosedException("closed");
                }
                return n;
            }
        };

        assertThatThrownBy(() -> CappedBody.read(entity(closedAfterAll, 60), 1000, connection))
                .isExactlyInstanceOf(ConnectionClosedException.class);
    }

    private InputStream stream(byte[] content) {
        return new ByteArrayInputStream(content) {
            @Override
            public void close() {
                droppedWhenClosed.set(dropped.get());
                closed.set(true);
            }
        };
    }

    private static InputStreamEntity entity(InputStream in, long contentLength) {
        return new InputStreamEntity(in, contentLength, ContentType.TEXT_HTML);
    }

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }
}
