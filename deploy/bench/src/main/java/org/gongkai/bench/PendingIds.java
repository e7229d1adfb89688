package org.gongkai.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ids the searchable poller still looks for, in the order of their next turn (the one asked longest ago, or
 * published longest ago and never asked, first), and which of them a refresh seen since their last search owes a
 * search. A notice becomes searchable only at a refresh of the index, so an id is asked only once a refresh was seen
 * after its last search (or after its publish): {@link #refreshed} owes every pending id a search, and a notice
 * published before the latest refresh seen but learnt of only after it is owed one on arrival. A round takes at most
 * {@link #PER_ROUND} owed ids in turn order and puts them at the back, so every id pending when a refresh is seen is
 * asked within {@code ceil(owed / PER_ROUND)} rounds after it, however fast new ids arrive; no round is made while
 * none is owed (session 12: before, every 100 ms round asked for up to 1,000 ids whether or not a refresh had
 * happened, ~10 searches a refresh). (Session 10's poller kept a position in a list that grew between rounds: while
 * more than 1,000 were pending and new ones arrived every round, its position stayed at the list's end and it asked
 * only for the newest ids, not yet searchable, until the publishing stopped; s10c and s10d found no new notice for
 * 25 s.)
 *
 * <p>Not thread-safe: guarded by its owner ({@link Latencies}).
 */
final class PendingIds {

    /** Ids a round asks for at most: one search a round bounds what measuring costs Elasticsearch. */
    static final int PER_ROUND = 1000;

    /** One id's turn: when it was last asked (or published, until asked); whether a refresh owes it a search, since when. */
    private static final class Turn {
        long askedAt;
        boolean owed;
        long owedSince;

        Turn(long askedAt) {
            this.askedAt = askedAt;
        }

        void owe(long since) {
            owed = true;
            owedSince = Math.max(since, askedAt);
        }
    }

    /** Id → its turn, in the order of the next turn. */
    private final LinkedHashMap<String, Turn> turns = new LinkedHashMap<>();

    /** Turns owed a search. */
    private int owed;

    /** When the latest refresh was seen (ms; a notice published before may be in it), and the earliest it happened. */
    private long refreshSeenAt = Long.MIN_VALUE;

    private long refreshSince = Long.MIN_VALUE;

    /**
     * A new pending id, last in turn, unasked since {@code now} (its publish); owed a search if it was published
     * before the latest refresh seen. One already pending keeps its turn.
     */
    void add(String id, long now) {
        if (turns.containsKey(id)) {
            return;
        }
        Turn turn = new Turn(now);
        if (now < refreshSeenAt) {
            turn.owe(refreshSince);
            owed++;
        }
        turns.put(id, turn);
    }

    /**
     * A refresh was seen: a check answered at {@code seenAt} found the node's refresh count changed since the check
     * before, sent at {@code since} (the earliest the refresh can have happened; {@link Long#MIN_VALUE} if unknown).
     * Every pending id is owed a search (one already owed keeps its earlier time).
     */
    void refreshed(long since, long seenAt) {
        refreshSeenAt = Math.max(refreshSeenAt, seenAt);
        refreshSince = since;
        for (Turn turn : turns.values()) {
            if (!turn.owed) {
                turn.owe(since);
                owed++;
            }
        }
    }

    /**
     * The ids of this round: at most {@link #PER_ROUND} owed ones, first in turn first, each put at the back with
     * {@code now} as the time it was asked and owed nothing; none while none is owed.
     */
    List<String> nextRound(long now) {
        if (owed == 0) {
            return List.of();
        }
        List<String> round = new ArrayList<>(Math.min(PER_ROUND, owed));
        List<Turn> taken = new ArrayList<>(Math.min(PER_ROUND, owed));
        Iterator<Map.Entry<String, Turn>> front = turns.entrySet().iterator();
        while (round.size() < PER_ROUND && front.hasNext()) {
            Map.Entry<String, Turn> next = front.next();
            if (next.getValue().owed) {
                round.add(next.getKey());
                taken.add(next.getValue());
                front.remove();
            }
        }
        for (int i = 0; i < round.size(); i++) {
            Turn turn = taken.get(i);
            turn.askedAt = now;
            turn.owed = false;
            turns.put(round.get(i), turn);
        }
        owed -= round.size();
        return round;
    }

    /** @return whether {@code id} was pending */
    boolean remove(String id) {
        Turn turn = turns.remove(id);
        if (turn != null && turn.owed) {
            owed--;
        }
        return turn != null;
    }

    int size() {
        return turns.size();
    }

    /** Ids owed a search now. */
    int owed() {
        return owed;
    }

    /**
     * The longest an owed id has waited for its search since a refresh may have made it searchable (since the check
     * before the one that saw the refresh, or its publish or last search if later), ms; 0 while none is owed: the
     * poller's own delay in the latencies. It stays near one poll interval and a search while the poller keeps up.
     */
    long longestUnasked(long now) {
        if (owed == 0) {
            return 0;
        }
        long oldest = Long.MAX_VALUE;
        for (Turn turn : turns.values()) {
            if (turn.owed) {
                oldest = Math.min(oldest, turn.owedSince);
            }
        }
        return Math.max(0, now - oldest);
    }

    /** The pending ids (a view: read under the owner's guard). */
    Set<String> ids() {
        return turns.keySet();
    }

    void clear() {
        turns.clear();
        owed = 0;
    }
}
