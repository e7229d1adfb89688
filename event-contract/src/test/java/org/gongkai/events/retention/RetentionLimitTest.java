package org.gongkai.events.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionLimitTest {

    @Test
    void aDeletingTopicKeepsUnreadRecordsForItsRetention() {
        assertThat(RetentionLimits.limit("delete", 604_800_000L, 86_400_000L)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aCompactedTopicLosesUnreadTombstonesAfterDeleteRetention() {
        assertThat(RetentionLimits.limit("compact", 604_800_000L, 86_400_000L)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void bothPoliciesGiveTheSmallerLimit() {
        assertThat(RetentionLimits.limit("compact,delete", 3_600_000L, 86_400_000L))
                .isEqualTo(Duration.ofHours(1));
        assertThat(RetentionLimits.limit("delete,compact", 604_800_000L, 86_400_000L))
                .isEqualTo(Duration.ofDays(1));
    }

    @Test
    void unlimitedRetentionHasNoLimit() {
        assertThat(RetentionLimits.limit("delete", -1L, 86_400_000L)).isNull();
        assertThat(RetentionLimits.limit("compact,delete", -1L, 86_400_000L)).isEqualTo(Duration.ofDays(1));
    }
}
