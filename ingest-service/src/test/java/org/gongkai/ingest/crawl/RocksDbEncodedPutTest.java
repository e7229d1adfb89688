package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** A state put with its JSON already encoded (as {@link KafkaCrawlState} does) is stored like a decoded put. */
class RocksDbEncodedPutTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private static UrlState state(String url, String site) {
        return UrlState.published(
                url, site, "\"e1\"", "Sun, 01 Mar 2026 08:00:00 GMT", "h-" + site, T0, 200, Duration.ofHours(2));
    }

    @Test
    void anEncodedPutIsReadBackCountedAndScannedLikeADecodedOne() {
        try (RocksDbCrawlState store = RocksDbCrawlState.open(dir, 8 << 20, 1 << 20)) {
            UrlState a = state("https://a.test/1.html", "a");
            UrlState b = state("https://a.test/2.html", "a");

            store.put("id1", a, json.writeValueAsBytes(a));
            store.put("id2", b);

            assertThat(store.get("id1")).contains(a);
            assertThat(store.sizeOfSite("a")).isEqualTo(2);
            List<UrlState> scanned = new ArrayList<>();
            store.forEachOfSite("a", scanned::add);
            assertThat(scanned).containsExactlyInAnyOrder(a, b);
        }
    }

    @Test
    void anEncodedPutThatMovesANoticeToAnotherSiteMovesItsCount() {
        try (RocksDbCrawlState store = RocksDbCrawlState.open(dir, 8 << 20, 1 << 20)) {
            UrlState before = state("https://a.test/1.html", "a");
            UrlState after = state("https://a.test/1.html", "b");
            store.put("id1", before, json.writeValueAsBytes(before));

            store.put("id1", after, json.writeValueAsBytes(after));

            assertThat(store.get("id1")).contains(after);
            assertThat(store.sizeOfSite("a")).isZero();
            assertThat(store.sizeOfSite("b")).isEqualTo(1);
            List<UrlState> leftInA = new ArrayList<>();
            store.forEachOfSite("a", leftInA::add);
            assertThat(leftInA).isEmpty();
        }
    }
}
