package org.gongkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gongkai.testsupport.PackageDependencies;
import org.junit.jupiter.api.Test;

/**
 * The module's packages by pipeline stage (url parsing, site configuration, fetch, extract, publish, attachments,
 * crawl, WARC import, the root with the application's wiring) depend on each other only downwards, so there is no
 * package cycle. Read from the main sources' references to {@code org.gongkai.ingest.*} (imports and fully
 * qualified names), which is all a cycle could be made of: a class of one package cannot use another package's
 * class without naming it. (Same check as index-service's; the repository uses no architecture-test library.)
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/org/gongkai/ingest");

    /** What each package may use (the root wires them all and is used by none). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "url", Set.of(),
            "trace", Set.of(),
            "site", Set.of("url"),
            "fetch", Set.of("url", "site"),
            "extract", Set.of("url", "site", "fetch"),
            "publish", Set.of("url", "site", "fetch", "trace"),
            "attach", Set.of("url", "site", "fetch", "extract"),
            "crawl", Set.of("url", "site", "fetch", "extract", "publish", "attach"),
            "warc", Set.of("url", "site", "fetch", "crawl", "publish"),
            "", Set.of("url", "trace", "site", "fetch", "extract", "publish", "attach", "crawl", "warc"));

    @Test
    void packagesUseOnlyTheStagesBelowThemSoThereIsNoCycle() throws IOException {
        Map<String, Set<String>> uses = uses();
        assertThat(uses.keySet()).containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
        uses.forEach(
                (pkg, used) -> assertThat(used).as("packages used by '%s'", pkg).isSubsetOf(ALLOWED.get(pkg)));
        assertThat(cycle(ALLOWED)).as("a cycle in the allowed dependencies").isEmpty();
    }

    @Test
    void theCycleCheckFindsACycle() {
        assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"))))
                .containsExactly("a", "b", "c", "a");
    }

    private static Map<String, Set<String>> uses() throws IOException {
        return PackageDependencies.uses(SOURCES, "org.gongkai.ingest");
    }

    private static List<String> cycle(Map<String, Set<String>> graph) {
        return PackageDependencies.cycle(graph);
    }
}
