package org.gongkai.index.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.http.nio.ContentEncoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gongkai.events.Topics;
import org.junit.jupiter.api.Test;

class BulkBodyTest {

    @Test
    void producedToTheClientsEncoderTheBodyIsTheSameBytesEvenWhenTheSocketTakesLittleAtATime() throws Exception {
        BulkBody body = body();
        byte[] expected = body.toByteArray();
        // a socket that takes at most 1,000 bytes a turn, and nothing every third turn (full: called again later)
        TrickleEncoder encoder = new TrickleEncoder(1_000);

        int turns = 0;
        while (!encoder.isCompleted()) {
            body.produceContent(encoder, null);
            turns++;
        }

        assertThat(encoder.written.toByteArray()).isEqualTo(expected);
        assertThat(encoder.completions).isEqualTo(1);
        assertThat(turns).isGreaterThan(expected.length / 1_000);
    }

    @Test
    void afterCloseTheBodyIsProducedAgainFromItsFirstByte() throws Exception {
        BulkBody body = body();
        TrickleEncoder abandoned = new TrickleEncoder(5_000);
        body.produceContent(abandoned, null); // a request cut off after its first turn
        body.close();

        TrickleEncoder again = new TrickleEncoder(Integer.MAX_VALUE);
        while (!again.isCompleted()) {
            body.produceContent(again, null);
        }

        assertThat(abandoned.isCompleted()).isFalse();
        assertThat(again.written.toByteArray()).isEqualTo(body.toByteArray());
    }

    private static BulkBody body() {
        byte[] big = ("{\"body\":\"" + "题".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] small = "{\"title\":\"通知\"}".getBytes(StandardCharsets.UTF_8);
        return BulkBody.of(List.of(
                IndexOperation.index(record(), "a", 1, big),
                IndexOperation.delete(record(), "b"),
                IndexOperation.index(record(), "c", 7, small),
                IndexOperation.delete(record(), "d", 9)));
    }

    private static ConsumerRecord<String, Object> record() {
        return new ConsumerRecord<>(Topics.ENRICHED, 0, 0, "k", null);
    }

    /** Takes at most {@code max} bytes a call and nothing on every third call, as a socket that fills up. */
    private static final class TrickleEncoder implements ContentEncoder {

        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final int max;
        int calls;
        int completions;

        TrickleEncoder(int max) {
            this.max = max;
        }

        @Override
        public int write(ByteBuffer src) {
            if (++calls % 3 == 0) {
                return 0;
            }
            int n = Math.min(max, src.remaining());
            byte[] taken = new byte[n];
            src.get(taken);
            written.write(taken, 0, n);
            return n;
        }

        @Override
        public void complete() {
            completions++;
        }

        @Override
        public boolean isCompleted() {
            return completions > 0;
        }
    }
}
