package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.gongkai.ingest.fetch.HostPause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link CrawlState} contract, held by the heap store and the on-disk store alike. */
class CrawlStateContractTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    static Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    static Stream<Arguments> stores() {
        Function<Path, CrawlState> memory = d -> new InMemoryCrawlState();
        Function<Path, CrawlState> rocks = d -> RocksDbCrawlState.open(d, 8 << 20, 1 << 20);
        return Stream.of(Arguments.of("memory", memory), Arguments.of("rocksdb", rocks));
    }

    private CrawlState open(Function<Path, CrawlState> factory) {
        CrawlState state = factory.apply(dir);
        if (state instanceof AutoCloseable c) {
            opened.add(c);
        }
        return state;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private static UrlState state(String url, String site, String hash) {
        return UrlState.published(
                url, site, "\"e1\"", "Sun, 01 Mar 2026 08:00:00 GMT", hash, T0, 200, Duration.ofHours(2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aStoredStateIsReadBackWhole(String name, Function<Path, CrawlState> factory) {
        CrawlState store = open(factory);
        UrlState faulted = UrlState.faulted(
                state("https://a.test/1.html", "a", "h1"),
                "https://a.test/1.html",
                "a",
                T0.plusSeconds(60),
                0,
                "redirect loop 中文",
                Duration.ofHours(1));

        store.put("id1", faulted);

        assertThat(store.get("id1")).contains(faulted);
        assertThat(store.get("unknown")).isEmpty();
        assertThat(store.size()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aSecondPutReplacesTheStateAndCountsOnce(String name, Function<Path, CrawlState> factory) {
        CrawlState store = open(factory);
        store.put("id1", state("https://a.test/1.html", "a", "h1"));
        store.put("id1", state("https://a.test/1.html", "a", "h2"));

        assertThat(store.get("id1")).map(UrlState::contentHash).contains("h2");
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.sizeOfSite("a")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void statesAreListedAndCountedPerSite(String name, Function<Path, CrawlState> factory) {
        CrawlState store = open(factory);
        store.put("a1", state("https://a.test/1.html", "a", "h"));
        store.put("a2", state("https://a.test/2.html", "a", "h"));
        store.put("ab", state("https://ab.test/1.html", "ab", "h"));
        store.put("b1", state("https://b.test/1.html", "b", "h"));

        assertThat(urlsOf(store, "a")).containsExactlyInAnyOrder("https://a.test/1.html", "https://a.test/2.html");
        assertThat(urlsOf(store, "ab")).containsExactly("https://ab.test/1.html");
        assertThat(urlsOf(store, "c")).isEmpty();
        assertThat(store.sizeOfSite("a")).isEqualTo(2);
        assertThat(store.sizeOfSite("ab")).isEqualTo(1);
        assertThat(store.sizeOfSite("c")).isZero();
        assertThat(store.size()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void urlsAreCountedByKindAndACountFollowsAUrlThatChangesKindOrSiteOrIsRemoved(
            String name, Function<Path, CrawlState> factory) {
        CrawlState store = open(factory);
        store.put("n1", state("https://a.test/1.html", "a", "h"));
        store.put("n2", state("https://a.test/2.html", "a", "h"));
        store.put("f1", faultedOnly("https://a.test/f.html", "a"));
        store.put("l1", UrlState.navigation("https://a.test/day.html", "a", T0, 200, Duration.ofDays(1)));
        store.put(
                "l2",
                UrlState.redirected(
                        "https://a.test/old.html", "a", T0, 200, Duration.ofDays(1), "https://a.test/new.html"));

        assertThat(store.knownOfSite("a")).isEqualTo(new KnownUrls(2, 1, 2));
        assertThat(store.knownOfSite("a").total()).isEqualTo(store.sizeOfSite("a"));
        assertThat(store.knownOfSite("b")).isEqualTo(KnownUrls.NONE);

        // the faulted page is published at last; a notice faults (stays a notice); one moves; an alias goes
        store.put("f1", state("https://a.test/f.html", "a", "h"));
        store.put(
                "n1",
                UrlState.faulted(
                        state("https://a.test/1.html", "a", "h"),
                        "https://a.test/1.html",
                        "a",
                        T0,
                        403,
                        "HTTP 403",
                        Duration.ofHours(1)));
        store.put("n2", state("https://a.test/2.html", "b", "h"));
        store.remove("l2");

        assertThat(store.knownOfSite("a")).isEqualTo(new KnownUrls(2, 0, 1));
        assertThat(store.knownOfSite("b")).isEqualTo(new KnownUrls(1, 0, 0));
    }

    private static UrlState faultedOnly(String url, String site) {
        return UrlState.faulted(null, url, site, T0, 404, "HTTP 404", Duration.ofHours(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aNoticeThatMovesToAnotherSiteIsListedUnderTheNewOneOnly(String name, Function<Path, CrawlState> factory) {
        CrawlState store = open(factory);
        store.put("id1", state("https://a.test/1.html", "a", "h"));
        store.put("id1", state("https://a.test/1.html", "warc", "h"));

        assertThat(urlsOf(store, "a")).isEmpty();
        assertThat(urlsOf(store, "warc")).containsExactly("https://a.test/1.html");
        assertThat(store.sizeOfSite("a")).isZero();
        assertThat(store.sizeOfSite("warc")).isEqualTo(1);
        assertThat(store.size()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aRemovedNoticeIsForgottenAndRemovingAnUnknownOneChangesNothing(
            String name, Function<Path, CrawlState> factory) {
        CrawlState store = open(factory);
        store.put("id1", state("https://a.test/1.html", "a", "h"));
        store.put("id2", state("https://a.test/2.html", "a", "h"));

        store.remove("id1");
        store.remove("id1");
        store.remove("never-known");

        assertThat(store.get("id1")).isEmpty();
        assertThat(urlsOf(store, "a")).containsExactly("https://a.test/2.html");
        assertThat(store.sizeOfSite("a")).isEqualTo(1);
        assertThat(store.size()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theLastMarkOfASiteIsKept(String name, Function<Path, CrawlState> factory) {
        CrawlState store = open(factory);
        assertThat(store.mark("a")).isEmpty();

        store.putMark(new CrawlMark("a", T0, false));
        store.putMark(new CrawlMark("a", T0.plusSeconds(5), true));
        store.putMark(new CrawlMark("b", T0, false));

        assertThat(store.mark("a")).contains(new CrawlMark("a", T0.plusSeconds(5), true));
        assertThat(store.mark("b")).contains(new CrawlMark("b", T0, false));
        assertThat(store.size()).as("marks are not notices").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theLastPauseOfAHostIsKeptUntilRemoved(String name, Function<Path, CrawlState> factory) {
        CrawlState store = open(factory);
        assertThat(store.pause("a.test")).isEmpty();

        store.putPause(new HostPause("a.test", T0, 6, "HTTP 500"));
        store.putPause(new HostPause("a.test", T0.plusSeconds(1800), 7, "HTTP 502"));
        store.putPause(new HostPause("b.test", T0, 6, ""));
        store.removePause("b.test");
        store.removePause("unknown.test");

        assertThat(store.pause("a.test")).contains(new HostPause("a.test", T0.plusSeconds(1800), 7, "HTTP 502"));
        assertThat(store.pause("b.test")).isEmpty();
        assertThat(store.size()).as("pauses are not notices").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void concurrentWritersOfOneSiteKeepTheCountsRight(String name, Function<Path, CrawlState> factory)
            throws Exception {
        CrawlState store = open(factory);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        store.put("n" + i, state("https://a.test/" + i + ".html", i % 2 == 0 ? "a" : "b", "h"));
                        if (i % 5 == 0) {
                            store.remove("n" + i);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        int listed = urlsOf(store, "a").size() + urlsOf(store, "b").size();
        assertThat(store.size()).isEqualTo(listed);
        assertThat(store.sizeOfSite("a") + store.sizeOfSite("b")).isEqualTo(listed);
        assertThat(store.sizeOfSite("a")).isEqualTo(urlsOf(store, "a").size());
    }

    private static List<String> urlsOf(CrawlState store, String site) {
        List<String> urls = new ArrayList<>();
        store.forEachOfSite(site, s -> urls.add(s.url()));
        return urls;
    }

    @Test
    void theOnDiskStoreDeletesItsDirectoryOnCloseAndRefusesUseAfterwards(@TempDir Path parent) {
        RocksDbCrawlState store = RocksDbCrawlState.open(parent, 8 << 20, 1 << 20);
        store.put("id1", state("https://a.test/1.html", "a", "h"));
        Path own = store.directory();
        assertThat(own).startsWith(parent).isDirectory();

        store.close();

        assertThat(own).doesNotExist();
        assertThatThrownBy(() -> store.get("id1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void openingDeletesWhatADeadProcessLeftAndKeepsWhatALiveOneUses(@TempDir Path parent) throws Exception {
        Path dead = Files.createDirectories(parent.resolve("pid-" + Long.MAX_VALUE + "-old"));
        Files.writeString(dead.resolve("000001.sst"), "left by a killed instance");
        Path sameProcessNotOpened = Files.createDirectories(
                parent.resolve("pid-" + ProcessHandle.current().pid() + "-from-a-restarted-container"));
        Path unrelated = Files.createDirectories(parent.resolve("operator-notes"));

        try (RocksDbCrawlState first = RocksDbCrawlState.open(parent, 8 << 20, 1 << 20);
                RocksDbCrawlState second = RocksDbCrawlState.open(parent, 8 << 20, 1 << 20)) {
            assertThat(dead).doesNotExist();
            assertThat(sameProcessNotOpened).doesNotExist();
            assertThat(unrelated).isDirectory();
            assertThat(first.directory())
                    .as("a store of this process still open")
                    .isDirectory();
            assertThat(second.directory()).isNotEqualTo(first.directory());
        }
    }
}
