package org.gongkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
    private static final Pattern REFERENCE = Pattern.compile("org\\.gongkai\\.ingest\\.(?:([a-z]+)\\.)?[A-Z]");

    /** What each package may use (the root wires them all and is used by none). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "url", Set.of(),
            "site", Set.of("url"),
            "fetch", Set.of("url", "site"),
            "extract", Set.of("url", "site", "fetch"),
            "publish", Set.of("site", "fetch"),
            "attach", Set.of("url", "site", "fetch", "extract"),
            "crawl", Set.of("url", "site", "fetch", "extract", "publish", "attach"),
            "warc", Set.of("site", "fetch", "crawl", "publish"),
            "", Set.of("url", "site", "fetch", "extract", "publish", "attach", "crawl", "warc"));

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
        Map<String, Set<String>> uses = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            Path dir = SOURCES.relativize(file.getParent());
            String pkg = dir.toString().replace('/', '.');
            Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = REFERENCE.matcher(Files.readString(file));
            while (m.find()) {
                String other = m.group(1) == null ? "" : m.group(1);
                if (!other.equals(pkg)) {
                    used.add(other);
                }
            }
        }
        return uses;
    }

    /** A dependency cycle as a path that returns to its start, or empty. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> path = new ArrayList<>(List.of(start));
            if (walk(graph, start, path)) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean walk(Map<String, Set<String>> graph, String node, List<String> path) {
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            if (next.equals(path.get(0))) {
                path.add(next);
                return true;
            }
            if (path.contains(next)) {
                continue;
            }
            path.add(next);
            if (walk(graph, next, path)) {
                return true;
            }
            path.remove(path.size() - 1);
        }
        return false;
    }
}
