package org.gongkai.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Time from a notice's publish to notices.raw (the record's timestamp, set by the crawler's producer) to the
 * moment a search through the read alias finds it, and the two legs of it: publish → the enriched record's
 * timestamp in notices.enriched (set by enrich-service's producer: the enrich leg, queueing included) and that →
 * searchable (the index leg: index-service's poll, the bulk write, the refresh). {@link #published} and
 * {@link #enriched} are fed by {@link TopicWatcher}s; a {@link SearchablePoller} checks the node's refresh count every
 * {@code pollMillis} and, once a refresh was seen, asks Elasticsearch for rounds of the pending ids it owes a search
 * ({@link PendingIds}), so a figure is late by one check and at most {@code ceil(pending / 1,000)} rounds after the
 * refresh (one while at most 1,000 are pending). Thread-safe.
 */
final class Latencies implements AutoCloseable {

    /**
     * Latencies in ms of the notices found, or counted at the end with their wait so far; of the index leg, the part
     * until the enriched record could be read ({@code commit}: its timestamp → a read_committed consumer got it, i.e.
     * enrich-service's transaction) and the rest ({@code afterCommit}: readable → searchable, index-service and the
     * refresh).
     */
    record Legs(List<Long> total, List<Long> enrich, List<Long> index, List<Long> commit, List<Long> afterCommit) {
        Legs(List<Long> total, List<Long> enrich, List<Long> index) {
            this(total, enrich, index, List.of(), List.of());
        }
    }

    /** Where the notices not searchable at the end were held: not yet enriched, or enriched but not searchable. */
    record Held(int inEnrich, int inIndex) {}

    private final PendingIds pending = new PendingIds();
    private final Map<String, Long> publishedAt = new HashMap<>();
    private final Map<String, Long> enrichedAt = new HashMap<>();
    private final Map<String, Long> readableAt = new HashMap<>();
    private final Map<String, Long> searchableAt = new HashMap<>();

    /** Guarded by this. */
    private long longestUnasked;

    /** The searches, or {@code null} for the bookkeeping alone ({@link #Latencies()}). */
    private final SearchablePoller poller;

    /** The bookkeeping without the poller: nothing becomes searchable but through {@link #searchable} or the end. */
    Latencies() {
        poller = null;
    }

    /** The bookkeeping and a {@link SearchablePoller} asking {@code alias} every {@code pollMillis}. */
    Latencies(Elastic es, String alias, long pollMillis) {
        poller = new SearchablePoller(es, alias, pollMillis, this);
    }

    /** The poller's counters (rounds, search time, failures). */
    SearchablePoller poller() {
        return poller;
    }

    /** The ids of the poller's next round ({@link PendingIds#nextRound}). */
    synchronized List<String> nextRound() {
        return nextRound(System.currentTimeMillis());
    }

    synchronized List<String> nextRound(long now) {
        longestUnasked = Math.max(longestUnasked, pending.longestUnasked(now));
        return pending.nextRound(now);
    }

    /**
     * The poller saw a refresh of the index (a check answered at {@code seenAt}; the check before it was sent at
     * {@code since}): every pending id is owed a search ({@link PendingIds#refreshed}).
     */
    synchronized void refreshed(long since, long seenAt) {
        pending.refreshed(since, seenAt);
    }

    /** Pending ids owed a search ({@link PendingIds#owed}). */
    synchronized int owed() {
        return pending.owed();
    }

    /** The poller found {@code ids} searchable at {@code now}; ids no longer pending are ignored. */
    synchronized void searchable(List<String> ids, long now) {
        for (String id : ids) {
            if (pending.remove(id)) {
                searchableAt.put(id, now);
            }
        }
    }

    /** How long the owed id waiting longest has gone unasked, ms ({@link PendingIds#longestUnasked}). */
    synchronized long unaskedNowMillis() {
        return pending.longestUnasked(System.currentTimeMillis());
    }

    /**
     * The longest an owed id went unasked since a refresh may have made it searchable, as seen at the start of each
     * round so far, ms: the poller's own delay in the latencies (a check and a search while it keeps up; session 10's
     * stalled runs would have shown ~25 s).
     */
    synchronized long longestUnaskedMillis() {
        return longestUnasked;
    }

    /**
     * How many notices were published in each {@code stepMillis} from {@code fromMillis} on (record timestamps, epoch
     * ms), {@code steps} counts: the offered rate at the round's start at a finer grain than the timeline's seconds.
     */
    synchronized int[] publishedPerStep(long fromMillis, int stepMillis, int steps) {
        return perStep(publishedAt.values(), fromMillis, stepMillis, steps);
    }

    static int[] perStep(Iterable<Long> timestamps, long fromMillis, int stepMillis, int steps) {
        int[] counts = new int[steps];
        for (long t : timestamps) {
            long step = Math.floorDiv(t - fromMillis, stepMillis);
            if (step >= 0 && step < steps) {
                counts[(int) step]++;
            }
        }
        return counts;
    }

    synchronized void published(String id, long timestamp) {
        if (publishedAt.putIfAbsent(id, timestamp) == null) {
            pending.add(id, timestamp); // unasked since its publish: a late topic watcher shows too
        }
    }

    synchronized void enriched(String id, long timestamp) {
        enrichedAt.putIfAbsent(id, timestamp);
    }

    /**
     * @param timestamp the enriched record's timestamp (its producer's send)
     * @param readAt    when a read_committed consumer got it (its transaction had committed)
     */
    synchronized void enriched(String id, long timestamp, long readAt) {
        enrichedAt.putIfAbsent(id, timestamp);
        readableAt.putIfAbsent(id, readAt);
    }

    /** Notices found searchable so far. */
    synchronized int found() {
        return searchableAt.size();
    }

    synchronized int pending() {
        return pending.size();
    }

    /**
     * Ends the wait: every notice still pending counts with its time so far (a lower bound of its latency), so that
     * a backlog raises the percentiles instead of vanishing from them.
     *
     * @return where the pending ones were held
     */
    synchronized Held closePending() {
        long now = System.currentTimeMillis();
        int inEnrich = 0;
        for (String id : pending.ids()) {
            searchableAt.put(id, now);
            if (!enrichedAt.containsKey(id)) {
                inEnrich++;
            }
        }
        Held held = new Held(inEnrich, pending.size() - inEnrich);
        pending.clear();
        return held;
    }

    synchronized Legs legs() {
        return legs(publishedAt, enrichedAt, readableAt, searchableAt);
    }

    /**
     * The legs of the notices published after the first {@code warmUp} share of them (by publish time): the
     * throughput stages' warm-up rule (a restarted crawler's cold JVM, first connections), applied to the end-to-end
     * stage. A backlog built during the warm-up still delays the later notices, so this removes only the warm-up
     * notices' own waits.
     */
    synchronized Legs legsAfterWarmUp(double warmUp) {
        return legs(afterWarmUp(publishedAt, warmUp), enrichedAt, readableAt, searchableAt);
    }

    /** The entries of {@code published} from the first whose rank by time is at or past {@code warmUp} × size. */
    static Map<String, Long> afterWarmUp(Map<String, Long> published, double warmUp) {
        List<Long> times = new ArrayList<>(published.values());
        if (times.isEmpty()) {
            return Map.of();
        }
        Collections.sort(times);
        int skip = (int) Math.ceil(times.size() * warmUp);
        if (skip >= times.size()) {
            return Map.of();
        }
        long from = times.get(skip);
        Map<String, Long> kept = new HashMap<>();
        published.forEach((id, at) -> {
            if (at >= from) {
                kept.put(id, at);
            }
        });
        return kept;
    }

    /**
     * The legs of each published notice that has an end time: total = searchable − published; enrich = enriched −
     * published and index = searchable − enriched where the enriched record was seen (a notice still held in
     * enrich at the end has a total, no legs).
     */
    static Legs legs(Map<String, Long> published, Map<String, Long> enriched, Map<String, Long> searchable) {
        return legs(published, enriched, Map.of(), searchable);
    }

    /**
     * {@link #legs(Map, Map, Map)} with the index leg split where the enriched record became readable: commit =
     * readable − enriched, afterCommit = searchable − readable, for the notices with all three.
     */
    static Legs legs(
            Map<String, Long> published,
            Map<String, Long> enriched,
            Map<String, Long> readable,
            Map<String, Long> searchable) {
        List<Long> total = new ArrayList<>();
        List<Long> enrich = new ArrayList<>();
        List<Long> index = new ArrayList<>();
        List<Long> commit = new ArrayList<>();
        List<Long> afterCommit = new ArrayList<>();
        published.forEach((id, at) -> {
            Long end = searchable.get(id);
            if (end == null) {
                return;
            }
            total.add(end - at);
            Long mid = enriched.get(id);
            if (mid != null) {
                enrich.add(mid - at);
                index.add(end - mid);
                Long read = readable.get(id);
                if (read != null) {
                    commit.add(read - mid);
                    afterCommit.add(end - read);
                }
            }
        });
        return new Legs(total, enrich, index, commit, afterCommit);
    }

    /** The {@code p}-th percentile (nearest rank) of {@code values}, in their unit; {@code NaN} without any. */
    static double percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.close();
        }
    }
}
