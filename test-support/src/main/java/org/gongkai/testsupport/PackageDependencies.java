package org.gongkai.testsupport;

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

/**
 * The package graph of a module, read from its main sources' references to {@code <base>.*} (imports and fully
 * qualified names), which is all a package cycle could be made of: a class of one package cannot use another
 * package's class without naming it. For the modules' {@code PackageDependenciesTest}s; the repository uses no
 * architecture-test library for this one check.
 */
public final class PackageDependencies {

    private PackageDependencies() {}

    /**
     * Which sub-packages of {@code basePackage} each package under {@code sources} uses ({@code ""}: the base
     * package itself).
     *
     * @param sources     the folder of {@code basePackage}, e.g. {@code src/main/java/org/gongkai/index}
     * @param basePackage e.g. {@code org.gongkai.index}
     */
    public static Map<String, Set<String>> uses(Path sources, String basePackage) throws IOException {
        Pattern reference = Pattern.compile(Pattern.quote(basePackage) + "\\.(?:([a-z]+)\\.)?[A-Z]");
        Map<String, Set<String>> uses = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            String pkg = sources.relativize(file.getParent()).toString().replace('/', '.');
            Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = reference.matcher(Files.readString(file));
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
    public static List<String> cycle(Map<String, Set<String>> graph) {
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
