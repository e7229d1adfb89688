package org.gongkai.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.gongkai.events.deadletter.DeadLetterPublisher;
import org.junit.jupiter.api.Test;

class SelectionTest {

    private static DeadLetter letter(int partition, long offset, String key, String reason) {
        RecordHeaders headers = new RecordHeaders();
        if (reason != null) {
            headers.add(DeadLetterPublisher.REASON, reason.getBytes(StandardCharsets.UTF_8));
        }
        return new DeadLetter("notices.raw-dlt", partition, offset, Instant.EPOCH, key, new byte[0], headers);
    }

    @Test
    void withoutCriteriaEverythingIsSelected() {
        assertThat(Selection.everything().matches(letter(0, 0, "a", null))).isTrue();
        assertThat(Selection.everything().matches(letter(5, 9, null, "x"))).isTrue();
    }

    @Test
    void aPositionSelectsThatPartitionAndOffsetOnly() {
        Selection s = new Selection(Set.of(Selection.Position.parse("3:120")), Set.of(), null);

        assertThat(s.matches(letter(3, 120, "a", "r"))).isTrue();
        assertThat(s.matches(letter(3, 121, "a", "r"))).isFalse();
        assertThat(s.matches(letter(2, 120, "a", "r"))).isFalse();
    }

    @Test
    void keysSelectAnyOfThemAndNeverAKeylessRecord() {
        Selection s = new Selection(Set.of(), Set.of("aaaa", "bbbb"), null);

        assertThat(s.matches(letter(0, 1, "bbbb", "r"))).isTrue();
        assertThat(s.matches(letter(0, 2, "cccc", "r"))).isFalse();
        assertThat(s.matches(letter(0, 3, null, "r"))).isFalse();
    }

    @Test
    void theReasonMatchesAsCaseInsensitiveTextAndNeverALetterWithoutReason() {
        Selection s = new Selection(Set.of(), Set.of(), "unknown schema version");

        assertThat(s.matches(letter(0, 1, "a", "MalformedEventException: Unknown schema version 7")))
                .isTrue();
        assertThat(s.matches(letter(0, 2, "a", "document_parsing_exception: failed to parse")))
                .isFalse();
        assertThat(s.matches(letter(0, 3, "a", null))).isFalse();
    }

    @Test
    void everyCriterionGivenMustMatch() {
        Selection s = new Selection(Set.of(Selection.Position.parse("1:5")), Set.of("a"), "schema");

        assertThat(s.matches(letter(1, 5, "a", "schema 9"))).isTrue();
        assertThat(s.matches(letter(1, 5, "b", "schema 9"))).isFalse();
        assertThat(s.matches(letter(1, 5, "a", "parsing"))).isFalse();
    }

    @Test
    void replayingEverythingMustBeAskedForWithAllAndAllTakesNoCriteria() {
        assertThatThrownBy(() -> Selection.everything().requireChosen(false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--all");
        Selection.everything().requireChosen(true);
        Selection byKey = new Selection(Set.of(), Set.of("a"), null);
        byKey.requireChosen(false);
        assertThatThrownBy(() -> byKey.requireChosen(true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void positionsAreParsedStrictly() {
        assertThat(Selection.Position.parse(" 3:120 ")).isEqualTo(new Selection.Position(3, 120));
        assertThatThrownBy(() -> Selection.Position.parse("3")).hasMessageContaining("partition:offset");
        assertThatThrownBy(() -> Selection.Position.parse("a:1")).hasMessageContaining("partition:offset");
        assertThatThrownBy(() -> Selection.Position.parse("-1:1")).hasMessageContaining("negative");
    }

    @Test
    void aBlankReasonIsRefused() {
        assertThatThrownBy(() -> new Selection(Set.of(), Set.of(), " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
