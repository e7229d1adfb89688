package org.gongkai.index.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class IndexingHealthIndicatorTest {

    private final IndexingStatus status =
            new IndexingStatus(Clock.fixed(Instant.parse("2026-01-05T03:00:00Z"), ZoneOffset.UTC));
    private final IndexingHealthIndicator indicator = new IndexingHealthIndicator(status);

    @Test
    void upWhileBatchesComplete() {
        assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void downWithTheHeldBatchWhileStalledAndUpAgainOnceABatchCompletes() {
        status.stalled(50, "50 of 50 operations still failing: no response");
        status.stalled(40, "40 of 40 operations still failing: status 429");

        Health health = indicator.health(true);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails())
                .containsEntry("stalledConsumers", 1)
                .containsEntry("stalledSince", "2026-01-05T03:00:00Z")
                .containsEntry("recordsHeld", 40)
                .containsEntry("lastError", "40 of 40 operations still failing: status 429");

        status.flowing();
        assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void oneConsumerCompletingDoesNotHideAnotherOneStalled() throws Exception {
        Thread other = new Thread(() -> status.stalled(10, "no response"));
        other.start();
        other.join();

        status.flowing(); // this thread's batches complete

        assertThat(indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
        assertThat(status.stalledThreads()).isEqualTo(1);
    }
}
