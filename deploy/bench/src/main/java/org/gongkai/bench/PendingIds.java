package org.gongkai.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ids the searchable poller still looks for, in the order of their next turn: the one asked longest ago (or
 * published longest ago and never asked) first. A round takes at most {@link #PER_ROUND} ids from the front and puts them
 * at the back, so every pending id is asked again within {@code ceil(pending / PER_ROUND)} rounds, however fast new
 * ids arrive. (Session 10's poller kept a position in a list that grew between rounds: while more than 1,000 were
 * pending and new ones arrived every round, its position stayed at the list's end and it asked only for the newest
 * ids, not yet searchable, until the publishing stopped; s10c and s10d found no new notice for 25 s.)
 *
 * <p>Not thread-safe: guarded by its owner ({@link Latencies}).
 */
final class PendingIds {

    /** Ids a round asks for at most: one search a round bounds what measuring costs Elasticsearch. */
    static final int PER_ROUND = 1000;

    /** Id → when it was last asked for (or published, until asked), ms; in the order of the next turn. */
    private final LinkedHashMap<String, Long> turns = new LinkedHashMap<>();

    /** A new pending id, last in turn, unasked since {@code now}; one already pending keeps its turn. */
    void add(String id, long now) {
        turns.putIfAbsent(id, now);
    }

    /**
     * The ids of this round: at most {@link #PER_ROUND} from the front, each put at the back with {@code now} as the
     * time it was asked.
     */
    List<String> nextRound(long now) {
        List<String> round = new ArrayList<>(Math.min(PER_ROUND, turns.size()));
        Iterator<String> front = turns.keySet().iterator();
        while (round.size() < PER_ROUND && front.hasNext()) {
            round.add(front.next());
            front.remove();
        }
        for (String id : round) {
            turns.put(id, now);
        }
        return round;
    }

    /** @return whether {@code id} was pending */
    boolean remove(String id) {
        return turns.remove(id) != null;
    }

    int size() {
        return turns.size();
    }

    /**
     * How long the id next in turn has gone unasked, ms (0 without any): the poller's own delay. It stays below a
     * few rounds' time while the poller keeps up; if it grows with the round, the poller is what holds the figures.
     */
    long longestUnasked(long now) {
        for (Map.Entry<String, Long> first : turns.entrySet()) {
            return Math.max(0, now - first.getValue());
        }
        return 0;
    }

    /** The pending ids (a view: read under the owner's guard). */
    Set<String> ids() {
        return turns.keySet();
    }

    void clear() {
        turns.clear();
    }
}
