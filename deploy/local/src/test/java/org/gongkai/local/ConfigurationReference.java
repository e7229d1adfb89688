package org.gongkai.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders the configuration reference ({@code docs/configuration.md}) from the
 * {@code META-INF/spring-configuration-metadata.json} that spring-boot-configuration-processor writes into each
 * module's {@code target/classes} at compile time: names and types from the {@code @ConfigurationProperties}
 * records, descriptions from their {@code @param} Javadoc, defaults from {@code @DefaultValue}.
 *
 * <p>A test-side tool (no run-time use): the modules are read in the order of the root POM's {@code <modules>}, so
 * it runs after the reactor compiled them ({@link ConfigurationReferenceTest} in deploy/local, the last module).
 */
final class ConfigurationReference {

    static final String REGENERATE = "./mvnw -B -q -pl deploy/local -am test -Dtest=ConfigurationReferenceTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dgongkai.reference.write=true";

    private static final String METADATA = "target/classes/META-INF/spring-configuration-metadata.json";
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern INLINE_TAG = Pattern.compile("\\{@(?:code|literal|link|linkplain) +#?([^}]*)}");
    private static final Pattern PACKAGE_PREFIX = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+(?=[A-Z])");

    private final Path repo;
    private final JsonMapper json = JsonMapper.builder().build();

    ConfigurationReference(Path repo) {
        this.repo = repo;
    }

    /** The modules of the root POM, in its order. */
    List<String> modules() {
        Matcher m = MODULE.matcher(read(repo.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    /**
     * The Markdown reference.
     *
     * @throws IllegalStateException when a module declares {@code @ConfigurationProperties} but has no metadata
     *     (not compiled, or compiled without the processor)
     */
    String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append(
                        "<!-- Generated from the modules' spring-configuration-metadata.json: do not edit by hand. -->\n")
                .append("Generated from the `@ConfigurationProperties` records (descriptions: their `@param` Javadoc;")
                .append(" defaults: `@DefaultValue`) by spring-boot-configuration-processor; the build fails when this")
                .append(" file and the code disagree. After changing a properties record, regenerate it with\n\n")
                .append("```\n")
                .append(REGENERATE)
                .append("\n```\n\n")
                .append("How to set a property, Spring Boot's own keys and what operators should know beyond one line:")
                .append(" [deploy/OPERATIONS.md §1](../deploy/OPERATIONS.md).\n");
        for (String module : modules()) {
            Path metadata = repo.resolve(module).resolve(METADATA);
            if (!Files.isRegularFile(metadata)) {
                if (declaresProperties(repo.resolve(module))) {
                    throw new IllegalStateException(module + " declares @ConfigurationProperties but " + metadata
                            + " is missing: compile the reactor first (" + REGENERATE + ")");
                }
                continue;
            }
            renderModule(module, json.readTree(metadata.toFile()), out);
        }
        return out.toString();
    }

    private void renderModule(String module, JsonNode metadata, StringBuilder out) {
        Map<String, List<JsonNode>> bySource = new LinkedHashMap<>();
        List<JsonNode> properties = new ArrayList<>();
        metadata.path("properties").forEach(properties::add);
        properties.sort(
                (a, b) -> a.path("name").asString().compareTo(b.path("name").asString()));
        for (JsonNode property : properties) {
            bySource.computeIfAbsent(property.path("sourceType").asString(""), k -> new ArrayList<>())
                    .add(property);
        }
        if (bySource.isEmpty()) {
            return;
        }
        List<String> sources = new ArrayList<>(bySource.keySet());
        sources.sort((a, b) -> simpleName(a).compareTo(simpleName(b)));
        out.append("\n## `").append(module).append("`\n");
        for (String source : sources) {
            List<JsonNode> rows = bySource.get(source);
            out.append("\n### `").append(simpleName(source)).append("`\n\n");
            out.append("| property | type | default | description |\n|---|---|---|---|\n");
            for (JsonNode p : rows) {
                out.append("| `")
                        .append(p.path("name").asString())
                        .append("` | ")
                        .append(cell(simpleName(p.path("type").asString(""))))
                        .append(" | ")
                        .append(defaultValue(p.get("defaultValue")))
                        .append(" | ")
                        .append(cell(javadoc(p.path("description").asString(""))))
                        .append(" |\n");
            }
        }
    }

    private static String defaultValue(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asString()));
            return items.isEmpty() ? "" : "`" + cell(String.join(", ", items)) + "`";
        }
        return "`" + cell(value.asString()) + "`";
    }

    /** {@code org.a.B$C} and {@code java.util.List<java.lang.String>} as {@code B.C}, {@code List<String>}. */
    static String simpleName(String type) {
        return PACKAGE_PREFIX.matcher(type).replaceAll("").replace('$', '.');
    }

    /** Javadoc inline tags as Markdown code. */
    static String javadoc(String text) {
        return INLINE_TAG
                .matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement("`" + m.group(1).trim() + "`"));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\s+", " ").trim();
    }

    private static boolean declaresProperties(Path module) {
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .anyMatch(f -> read(f).contains("@ConfigurationProperties("));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
