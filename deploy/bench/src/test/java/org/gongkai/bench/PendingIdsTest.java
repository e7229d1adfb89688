package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PendingIdsTest {

    private static final int PER_ROUND = PendingIds.PER_ROUND;

    @Test
    void withFewPendingIdsEveryRoundAfterARefreshAsksForThemAll() {
        PendingIds pending = new PendingIds();
        pending.add("a", 0);
        pending.add("b", 0);

        pending.refreshed(0, 1);
        assertThat(pending.nextRound(1)).containsExactly("a", "b");
        pending.refreshed(1, 2);
        assertThat(pending.nextRound(2)).containsExactly("a", "b");
    }

    @Test
    void aRoundAsksForAtMostPerRoundIdsTheOnesAskedLongestAgoFirst() {
        PendingIds pending = new PendingIds();
        int count = PER_ROUND * 2 + 500;
        for (int i = 0; i < count; i++) {
            pending.add("n" + i, 0);
        }

        pending.refreshed(0, 1);
        List<String> first = pending.nextRound(1);
        pending.refreshed(1, 2);
        List<String> second = pending.nextRound(2);
        pending.refreshed(2, 3);
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
        pending.refreshed(-1, 0);
        pending.nextRound(0); // asks n0
        for (int round = 1; round <= 10; round++) {
            for (int k = 0; k < 20; k++, next++) {
                pending.add("n" + next, round);
            }
            pending.refreshed(round - 1, round);
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
            pending.refreshed(round - 1, round);
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
    void noRoundIsMadeUntilARefreshIsSeenAfterAnIdsPublish() {
        PendingIds pending = new PendingIds();
        pending.add("a", 1_000);

        assertThat(pending.nextRound(1_100)).isEmpty();
        assertThat(pending.owed()).isZero();

        pending.refreshed(1_150, 1_200);
        assertThat(pending.nextRound(1_200)).containsExactly("a");
        assertThat(pending.nextRound(1_300)).as("asked once a refresh").isEmpty();

        pending.refreshed(1_300, 1_400);
        assertThat(pending.nextRound(1_400)).containsExactly("a");
    }

    @Test
    void anIdPublishedBeforeTheLatestRefreshSeenButLearntOfAfterItIsOwedASearchAtOnce() {
        PendingIds pending = new PendingIds();
        pending.refreshed(900, 1_000);

        pending.add("late", 950); // the raw watcher read it after the refresh was seen: it may be in it
        pending.add("new", 1_050); // published after the check that saw the refresh: it cannot be

        assertThat(pending.nextRound(1_100)).containsExactly("late");
    }

    /** The session 10 stall must not return: a refresh owes every pending id a search, however many arrive. */
    @Test
    void afterARefreshEveryIdPendingThenIsAskedWithinCeilOfOwedOverPerRoundRoundsWhileNewOnesArrive() {
        PendingIds pending = new PendingIds();
        int next = 0;
        for (; next < PER_ROUND * 2 + 500; next++) {
            pending.add("n" + next, 0);
        }
        Set<String> owedAtTheRefresh = new HashSet<>(pending.ids());
        pending.refreshed(0, 10);

        Set<String> asked = new HashSet<>();
        int rounds = 0;
        while (pending.owed() > 0) {
            for (int k = 0; k < 20; k++, next++) {
                pending.add("n" + next, 10 + rounds); // published after the refresh seen: not owed
            }
            asked.addAll(pending.nextRound(10 + rounds));
            rounds++;
        }

        assertThat(rounds).isEqualTo((int) Math.ceil(owedAtTheRefresh.size() / (double) PER_ROUND));
        assertThat(asked).isEqualTo(owedAtTheRefresh);
    }

    @Test
    void aRoundTakesTheOwedIdsAskedLongestAgoFirstAndSkipsTheOthers() {
        PendingIds pending = new PendingIds();
        for (int i = 0; i < PER_ROUND + 10; i++) {
            pending.add("n" + i, 0);
        }
        pending.refreshed(0, 1);
        pending.nextRound(1); // n0 … n999: the back of the turns, nothing owed
        pending.add("late", 0); // learnt of late, published before the refresh: owed, behind them

        assertThat(pending.nextRound(2)).hasSize(11).startsWith("n" + PER_ROUND).endsWith("late");
    }

    @Test
    void theLongestUnaskedTimeRunsFromTheEarliestARefreshCanHaveMadeAnIdSearchable() {
        PendingIds pending = new PendingIds();
        assertThat(pending.longestUnasked(5_000)).isZero();
        pending.add("a", 1_000);
        pending.add("b", 1_900);
        assertThat(pending.longestUnasked(2_000))
                .as("none owed: the poller holds nothing")
                .isZero();

        pending.refreshed(1_800, 1_850); // the check before was sent at 1,800: a since then, b since its publish

        assertThat(pending.longestUnasked(2_000)).isEqualTo(200);
        pending.remove("a");
        assertThat(pending.longestUnasked(2_000)).isEqualTo(100);
        pending.nextRound(2_000);
        assertThat(pending.longestUnasked(2_500)).isZero();
    }

    @Test
    void anIdFoundLeavesTheTurnsAndOneAddedAgainKeepsItsTurn() {
        PendingIds pending = new PendingIds();
        pending.add("a", 0);
        pending.add("b", 0);
        pending.add("a", 9);
        pending.refreshed(0, 1);

        assertThat(pending.remove("a")).isTrue();
        assertThat(pending.remove("a")).isFalse();
        assertThat(pending.owed()).isEqualTo(1);
        assertThat(pending.nextRound(1)).containsExactly("b");
        assertThat(pending.size()).isEqualTo(1);
    }
}
