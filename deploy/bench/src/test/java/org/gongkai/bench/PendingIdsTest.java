package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PendingIdsTest {

    private static final int PER_ROUND = PendingIds.PER_ROUND;

    @Test
    void withFewPendingIdsEveryRoundAsksForThemAll() {
        PendingIds pending = new PendingIds();
        pending.add("a", 0);
        pending.add("b", 0);

        assertThat(pending.nextRound(1)).containsExactly("a", "b");
        assertThat(pending.nextRound(2)).containsExactly("a", "b");
    }

    @Test
    void aRoundAsksForAtMostPerRoundIdsTheOnesAskedLongestAgoFirst() {
        PendingIds pending = new PendingIds();
        int count = PER_ROUND * 2 + 500;
        for (int i = 0; i < count; i++) {
            pending.add("n" + i, 0);
        }

        List<String> first = pending.nextRound(1);
        List<String> second = pending.nextRound(2);
        List<String> third = pending.nextRound(3);

        assertThat(first).hasSize(PER_ROUND).startsWith("n0");
        assertThat(second).hasSize(PER_ROUND).startsWith("n" + PER_ROUND);
        // the last 500, then the first round's oldest again
        assertThat(third).hasSize(PER_ROUND).startsWith("n" + PER_ROUND * 2).endsWith("n499");
        Set<String> all = new HashSet<>(first);
        all.addAll(second);
        all.addAll(third);
        assertThat(all).hasSize(count);
    }

    /** Session 10's s10c and s10d: over 1,000 pending, about 20 new ids a round, none of the asked ones found yet. */
    @Test
    void whileNewIdsArriveEveryRoundTheOldestPendingIdIsStillAskedWithinACycle() {
        PendingIds pending = new PendingIds();
        int next = 0;
        for (; next < 1043; next++) {
            pending.add("n" + next, 0);
        }

        int roundsUntilAskedAgain = 0;
        pending.nextRound(0); // asks n0
        for (int round = 1; round <= 10; round++) {
            for (int k = 0; k < 20; k++, next++) {
                pending.add("n" + next, round);
            }
            if (pending.nextRound(round).contains("n0")) {
                roundsUntilAskedAgain = round;
                break;
            }
        }

        assertThat(roundsUntilAskedAgain).isBetween(1, (int) Math.ceil(1100.0 / PER_ROUND));
    }

    @Test
    void everyPendingIdIsAskedWithinCeilOfPendingOverPerRoundRoundsWhatEverArrives() {
        PendingIds pending = new PendingIds();
        java.util.Map<String, Integer> lastAsked = new java.util.HashMap<>();
        int next = 0;
        int longestGap = 0;
        for (int round = 0; round < 200; round++) {
            for (int k = 0; k < 37; k++, next++) { // faster than a cycle drains: the pending set grows all along
                pending.add("n" + next, round);
                lastAsked.put("n" + next, round);
            }
            int bound = (int) Math.ceil((double) pending.size() / PER_ROUND);
            for (String id : pending.nextRound(round)) {
                longestGap = Math.max(longestGap, round - lastAsked.get(id) - bound);
                lastAsked.put(id, round);
            }
            if (round % 3 == 0) {
                pending.remove("n" + (next - 1)); // some found: positions shift
            }
        }

        assertThat(pending.size()).isGreaterThan(PER_ROUND * 5);
        assertThat(longestGap).isLessThanOrEqualTo(0);
    }

    @Test
    void theLongestUnaskedTimeIsTheNextInTurnsSinceItWasAskedOrSeen() {
        PendingIds pending = new PendingIds();
        assertThat(pending.longestUnasked(5_000)).isZero();
        for (int i = 0; i < PER_ROUND + 1; i++) {
            pending.add("n" + i, 1_000);
        }

        assertThat(pending.longestUnasked(1_500)).isEqualTo(500); // published at 1,000, never asked

        pending.nextRound(2_000); // n0 … n999; n1000 is next in turn, unasked since 1,000
        assertThat(pending.longestUnasked(2_500)).isEqualTo(1_500);

        pending.nextRound(3_000); // n1000 and n0 … n998; n999 next, asked at 2,000
        assertThat(pending.longestUnasked(3_100)).isEqualTo(1_100);
    }

    @Test
    void anIdFoundLeavesTheTurnsAndOneAddedAgainKeepsItsTurn() {
        PendingIds pending = new PendingIds();
        pending.add("a", 0);
        pending.add("b", 0);
        pending.add("a", 9);

        assertThat(pending.remove("a")).isTrue();
        assertThat(pending.remove("a")).isFalse();
        assertThat(pending.nextRound(1)).containsExactly("b");
        assertThat(pending.size()).isEqualTo(1);
    }
}
