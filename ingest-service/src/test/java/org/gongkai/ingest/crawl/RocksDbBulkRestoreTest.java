package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The on-disk store's bulk restore (the path {@link KafkaCrawlState} takes at start-up) ends in the same state as
 * the records applied one by one: replaced versions, notices that moved to another site, removals, removals of
 * notices never known, several records of one notice in one batch or spread over batches, a restore repeated
 * into a store that already holds states (a failed restore tried again); the counts by kind as well.
 */
class RocksDbBulkRestoreTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private RocksDbCrawlState store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static UrlState state(String id, String site, int version) {
        return UrlState.published(
                "https://" + site + ".test/" + id + ".html",
                site,
                "\"v" + version + "\"",
                null,
                "hash-" + id + "-" + version,
                T0.plusSeconds(version),
                200,
                Duration.ofHours(1));
    }

    /** A state of each kind by version: a notice, a page known only by its fault, a navigation page. */
    private static UrlState ofSomeKind(String id, String site, int version) {
        String url = "https://" + site + ".test/" + id + ".html";
        return switch (version % 3) {
            case 0 -> state(id, site, version);
            case 1 -> UrlState.faulted(null, url, site, T0.plusSeconds(version), 404, "HTTP 404", Duration.ofHours(1));
            default -> UrlState.navigation(url, site, T0.plusSeconds(version), 200, Duration.ofDays(1));
        };
    }

    /** One record of the topic: a state, or a tombstone (state null). */
    private record Rec(String id, UrlState state) {
        byte[] value() {
            return state == null ? null : JSON.writeValueAsBytes(state);
        }
    }

    private static void restoreInBatches(RocksDbCrawlState store, List<Rec> records, List<Integer> cuts) {
        store.beginRestore();
        int from = 0;
        for (int cut : cuts) {
            restore(store, records.subList(from, cut));
            from = cut;
        }
        restore(store, records.subList(from, records.size()));
        store.endRestore(true);
    }

    private static void restore(RocksDbCrawlState store, List<Rec> batch) {
        List<String> ids = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (Rec r : batch) {
            ids.add(r.id());
            values.add(r.value());
        }
        store.restore(ids, values);
    }

    private static InMemoryCrawlState oneByOne(List<Rec> records) {
        InMemoryCrawlState model = new InMemoryCrawlState();
        for (Rec r : records) {
            if (r.state() == null) {
                model.remove(r.id());
            } else {
                model.put(r.id(), r.state());
            }
        }
        return model;
    }

    private static void assertSame(CrawlState actual, CrawlState expected, List<String> ids, List<String> sites) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (String id : ids) {
            assertThat(actual.get(id)).as(id).isEqualTo(expected.get(id));
        }
        for (String site : sites) {
            assertThat(actual.sizeOfSite(site)).as("count of " + site).isEqualTo(expected.sizeOfSite(site));
            // the memory store counts kinds by a scan, the on-disk one keeps counters
            assertThat(actual.knownOfSite(site)).as("kinds of " + site).isEqualTo(expected.knownOfSite(site));
            assertThat(statesOf(actual, site)).as("states of " + site).isEqualTo(statesOf(expected, site));
        }
    }

    private static List<UrlState> statesOf(CrawlState state, String site) {
        List<UrlState> states = new ArrayList<>();
        state.forEachOfSite(site, states::add);
        states.sort(Comparator.comparing(UrlState::url)
                .thenComparing(UrlState::contentHash, Comparator.nullsFirst(Comparator.naturalOrder())));
        return states;
    }

    @Test
    void movesRemovalsAndReplacementsWithinAndAcrossBatchesEndAsIfAppliedOneByOne() {
        List<Rec> records = List.of(
                new Rec("n1", state("n1", "a", 1)),
                new Rec("n2", state("n2", "a", 1)),
                new Rec("n3", state("n3", "a", 1)),
                new Rec("n4", state("n4", "b", 1)),
                // next batch: n1 moves to b, n2 is removed, n3 gets a newer version, an unknown notice is removed
                new Rec("n1", state("n1", "b", 2)),
                new Rec("n2", null),
                new Rec("n3", state("n3", "a", 2)),
                new Rec("never-known", null),
                // one batch: n5 put and removed, n6 removed and put, n4 moved twice (back to b)
                new Rec("n5", state("n5", "c", 1)),
                new Rec("n5", null),
                new Rec("n6", null),
                new Rec("n6", state("n6", "c", 1)),
                new Rec("n4", state("n4", "a", 2)),
                new Rec("n4", state("n4", "b", 3)));
        store = RocksDbCrawlState.open(dir, 8 << 20, 1 << 20);

        restoreInBatches(store, records, List.of(4, 8));

        assertSame(
                store,
                oneByOne(records),
                List.of("n1", "n2", "n3", "n4", "n5", "n6", "never-known"),
                List.of("a", "b", "c"));
        assertThat(store.size()).isEqualTo(4);
        assertThat(store.get("n1")).contains(state("n1", "b", 2));
        assertThat(store.sizeOfSite("a")).isEqualTo(1);
        assertThat(store.sizeOfSite("b")).isEqualTo(2);
        assertThat(store.sizeOfSite("c")).isEqualTo(1);
    }

    @Test
    void aRandomTopicRestoredInRandomBatchesTwiceOverEndsAsIfAppliedOneByOne() {
        SplittableRandom random = new SplittableRandom(12);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add("notice-" + i);
        }
        List<String> sites = List.of("s0", "s1", "s2", "s3");
        List<Rec> records = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String id = ids.get(random.nextInt(ids.size()));
            records.add(
                    random.nextInt(5) == 0
                            ? new Rec(id, null)
                            : new Rec(id, ofSomeKind(id, sites.get(random.nextInt(sites.size())), i)));
        }
        List<Integer> cuts = new ArrayList<>();
        for (int at = random.nextInt(1, 200); at < records.size(); at += random.nextInt(1, 400)) {
            cuts.add(at);
        }
        store = RocksDbCrawlState.open(dir, 8 << 20, 1 << 20);

        restoreInBatches(store, records, cuts);
        assertThat(store.knownOfSite("s0").faultedOnly()).as("kinds mixed").isPositive();
        assertSame(store, oneByOne(records), ids, sites);

        restoreInBatches(store, records, List.of(1_000, 2_000));
        assertSame(store, oneByOne(records), ids, sites);
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheRestOfItsBatchApplied() {
        store = RocksDbCrawlState.open(dir, 8 << 20, 1 << 20);
        store.beginRestore();

        int skipped = store.restore(
                List.of("good", "broken", "no-site", "array", "also-good"),
                List.of(
                        JSON.writeValueAsBytes(state("good", "a", 1)),
                        "{\"url\":\"https://a.test/x\",\"siteId\":".getBytes(StandardCharsets.UTF_8),
                        "{\"url\":\"https://a.test/y\"}".getBytes(StandardCharsets.UTF_8),
                        "[1,2]".getBytes(StandardCharsets.UTF_8),
                        JSON.writeValueAsBytes(state("also-good", "a", 1))));
        store.endRestore(true);

        assertThat(skipped).isEqualTo(3);
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.get("good")).contains(state("good", "a", 1));
        assertThat(store.get("also-good")).contains(state("also-good", "a", 1));
        assertThat(store.get("broken")).isEmpty();
    }

    @Test
    void afterTheRestoreTheStoreTakesOrdinaryWritesAndReadsBackRestoredStates() {
        store = RocksDbCrawlState.open(dir, 8 << 20, 1 << 20);
        restoreInBatches(
                store, List.of(new Rec("n1", state("n1", "a", 1)), new Rec("n2", state("n2", "a", 1))), List.of());

        store.put("n1", state("n1", "b", 2));
        store.remove("n2");
        store.put("n3", state("n3", "a", 1));

        assertThat(store.size()).isEqualTo(2);
        assertThat(store.get("n1")).contains(state("n1", "b", 2));
        assertThat(store.sizeOfSite("a")).isEqualTo(1);
        assertThat(statesOf(store, "b")).containsExactly(state("n1", "b", 2));
    }
}
