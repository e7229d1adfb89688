package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gongkai.ingest.fetch.HostPause;
import org.junit.jupiter.api.Test;

/** A host pause as the state topic holds it, and applied to the local store as the restore reads it back. */
class PauseCodecTest {

    private static final Instant UNTIL = Instant.parse("2026-12-06T23:07:38Z");

    @Test
    void aPauseIsReadBackAsWritten() {
        HostPause pause = new HostPause("127.0.0.65", UNTIL, 6, "HTTP 500 from GET http://127.0.0.65/doc/down.html");

        assertThat(PauseCodec.decode(PauseCodec.encode(pause))).isEqualTo(pause);
    }

    @Test
    void theRestoreAppliesAPauseAndItsTombstoneAndSkipsAnUnreadableOne() {
        InMemoryCrawlState local = new InMemoryCrawlState();
        StateTopicRecords records = new StateTopicRecords(local);
        HostPause pause = new HostPause("127.0.0.65", UNTIL, 6, "HTTP 500");

        records.apply(new ConsumerRecord<>("t", 0, 0, "host:127.0.0.65", PauseCodec.encode(pause)));
        records.apply(new ConsumerRecord<>("t", 0, 1, "host:127.0.0.66", PauseCodec.encode(pause)));
        records.apply(new ConsumerRecord<>("t", 0, 2, "host:127.0.0.66", null));
        records.apply(new ConsumerRecord<>("t", 0, 3, "host:127.0.0.67", "not json".getBytes(StandardCharsets.UTF_8)));

        assertThat(local.pause("127.0.0.65")).contains(pause);
        assertThat(local.pause("127.0.0.66")).isEmpty();
        assertThat(local.pause("127.0.0.67")).isEmpty();
        assertThat(local.size()).as("no notice record").isZero();
        assertThat(StateTopicRecords.isSideRecord("host:127.0.0.65")).isTrue();
        assertThat(StateTopicRecords.isSideRecord("0e8ace69")).isFalse();
    }
}
