import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.elasticsearch.plugin.Extensible;
import org.elasticsearch.plugin.NamedComponent;

/**
 * Build-time generator of the stable plugin's {@code named_components.json} (run by exec-maven-plugin in
 * process-classes: {@code java -cp <compile class path> GenerateNamedComponents.java <classes-dir> <out-file>}).
 *
 * <p>Finds every class under the classes directory annotated with {@code @NamedComponent} and writes, for each
 * {@code @Extensible} interface it implements, {@code {"<interface>": {"<name>": "<class>"}}}: the format of
 * Elasticsearch's own build (GenerateNamedComponentsTask). With the file in the zip the installer does not scan
 * the classes itself (which needs more than its 64 MB heap). Fails on what Elasticsearch would refuse at start-up:
 * a non-public component, more than one public constructor, no extensible interface, a name used twice.
 * Deterministic output (sorted), so the zip is reproducible.
 */
public final class GenerateNamedComponents {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GenerateNamedComponents <classes-dir> <out-file>");
        }
        Path classes = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Map<String, Map<String, String>> components = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String className : classNames(classes)) {
            Class<?> type = Class.forName(className, false, GenerateNamedComponents.class.getClassLoader());
            NamedComponent named = type.getAnnotation(NamedComponent.class);
            if (named == null) {
                continue;
            }
            if (!Modifier.isPublic(type.getModifiers()) || type.getConstructors().length != 1) {
                problems.add(className + ": a named component needs to be public with exactly one public constructor");
            }
            List<Class<?>> extensibles = extensibles(type);
            if (extensibles.isEmpty()) {
                problems.add(className + ": implements no @Extensible interface");
            }
            for (Class<?> extensible : extensibles) {
                String previous = components
                        .computeIfAbsent(extensible.getName(), k -> new TreeMap<>())
                        .put(named.value(), className);
                if (previous != null) {
                    problems.add(extensible.getSimpleName() + " " + named.value() + " twice: " + previous + ", "
                            + className);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("named components: " + String.join("; ", problems));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json(components), StandardCharsets.UTF_8);
        System.out.printf(
                "GenerateNamedComponents: %d components into %s%n",
                components.values().stream().mapToInt(Map::size).sum(),
                out);
    }

    private static List<String> classNames(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString())
                    .filter(name -> !name.equals("module-info.class") && !name.endsWith("package-info.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length())
                            .replace(java.io.File.separatorChar, '.'))
                    .sorted()
                    .toList();
        }
    }

    /** The {@code @Extensible} interfaces and superclasses of a type, transitively. */
    private static List<Class<?>> extensibles(Class<?> type) {
        List<Class<?>> found = new ArrayList<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> next = todo.pop();
            if (next != type && next.isAnnotationPresent(Extensible.class) && !found.contains(next)) {
                found.add(next);
            }
            todo.addAll(List.of(next.getInterfaces()));
            if (next.getSuperclass() != null) {
                todo.add(next.getSuperclass());
            }
        }
        return found;
    }

    private static String json(Map<String, Map<String, String>> components) {
        StringBuilder json = new StringBuilder("{");
        String separator = "\n";
        for (var extensible : components.entrySet()) {
            json.append(separator).append("  ").append(quote(extensible.getKey())).append(": {");
            String inner = "\n";
            for (var component : extensible.getValue().entrySet()) {
                json.append(inner)
                        .append("    ")
                        .append(quote(component.getKey()))
                        .append(": ")
                        .append(quote(component.getValue()));
                inner = ",\n";
            }
            json.append("\n  }");
            separator = ",\n";
        }
        return json.append("\n}\n").toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
