package org.gongkai.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gongkai.testsupport.PackageDependencies;
import org.junit.jupiter.api.Test;

/**
 * The module's packages by role (consume, document, write, index lifecycle, the Elasticsearch client, the root with
 * the application and its properties) depend on each other only downwards. Read from the main sources' references to
 * {@code org.gongkai.index.*} (imports and fully qualified names), which is all a cycle could be made of: a class of
 * one package cannot use another package's class without naming it.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/org/gongkai/index");

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
        return PackageDependencies.uses(SOURCES, "org.gongkai.index");
    }

    private static List<String> cycle(Map<String, Set<String>> graph) {
        return PackageDependencies.cycle(graph);
    }
}
