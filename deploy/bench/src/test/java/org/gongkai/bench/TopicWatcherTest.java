package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class TopicWatcherTest {

    /** The broker answers a fetch once it has fetch.min.bytes or after fetch.max.wait.ms: asked for more than comes. */
    @Test
    void aHeldFetchWaitsItsTimeForMoreBytesThanTheCrawlerPublishesInASecond() {
        Properties props = TopicWatcher.heldFetches(Duration.ofMillis(100));

        assertThat(props).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        // ~200 notices/s of ~10 KB each, uncompressed: ~2 MB a second, ~0.2 MB in a held fetch's 100 ms
        assertThat((Integer) props.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG)).isGreaterThan(8 * 2_000_000);
    }
}
