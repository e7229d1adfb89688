package org.gongkai.index;

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
 * The module's packages by role (consume, document, write, index lifecycle, the Elasticsearch client, the root with
 * the application and its properties) depend on each other only downwards. Read from the main sources' references to
 * {@code org.gongkai.index.*} (imports and fully qualified names), which is all a cycle could be made of: a class of
 * one package cannot use another package's class without naming it.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/org/gongkai/index");
    private static final Pattern REFERENCE = Pattern.compile("org\\.gongkai\\.index\\.(?:([a-z]+)\\.)?[A-Z]");

    /** What each package may use; everything may use the root ("") and nothing else is allowed. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "", Set.of(),
            "elasticsearch", Set.of(""),
            "document", Set.of(""),
            "write", Set.of(""),
            "consume", Set.of("", "write", "document"),
            "lifecycle", Set.of("", "consume", "elasticsearch"));

    @Test
    void packagesUseOnlyTheRolesBelowThemSoThereIsNoCycle() throws IOException {
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
