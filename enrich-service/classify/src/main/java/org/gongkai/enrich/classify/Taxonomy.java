package org.gongkai.enrich.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The national subject taxonomy: 22 first-level categories and their second-level ones, in the order of
 * {@code classify/topic-taxonomy.json}. Immutable and thread-safe.
 */
public final class Taxonomy {

    /** Classpath location of the shipped taxonomy (a copy of {@code shared/docs/topic-taxonomy.json}). */
    public static final String RESOURCE = "/classify/topic-taxonomy.json";

    private static volatile Taxonomy national;

    private final Map<String, List<String>> children;
    private final List<String> firstLevels;

    private Taxonomy(Map<String, List<String>> children) {
        this.children = Collections.unmodifiableMap(children);
        this.firstLevels = List.copyOf(children.keySet());
    }

    /** The shipped national taxonomy (loaded once). */
    public static Taxonomy national() {
        Taxonomy t = national;
        if (t == null) {
            try (InputStream in = Taxonomy.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                t = read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            national = t;
        }
        return t;
    }

    /** Reads a taxonomy in the format of {@code topic-taxonomy.json}. */
    public static Taxonomy read(InputStream json) {
        JsonNode categories = JsonMapper.builder().build().readTree(json).path("categories");
        if (!categories.isArray() || categories.isEmpty()) {
            throw new IllegalArgumentException("taxonomy without categories");
        }
        Map<String, List<String>> children = new LinkedHashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            JsonNode category = categories.get(i);
            String label = category.path("label").asString("").strip();
            if (label.isEmpty() || children.containsKey(label)) {
                throw new IllegalArgumentException("empty or duplicate first-level label: '" + label + "'");
            }
            List<String> seconds = new ArrayList<>();
            JsonNode kids = category.path("children");
            for (int j = 0; j < kids.size(); j++) {
                seconds.add(kids.get(j).asString().strip());
            }
            children.put(label, List.copyOf(seconds));
        }
        return new Taxonomy(children);
    }

    /** First-level categories in taxonomy order. */
    public List<String> firstLevels() {
        return firstLevels;
    }

    /** Second-level categories of a first-level one (empty for unknown names and childless nodes). */
    public List<String> children(String first) {
        return children.getOrDefault(first, List.of());
    }

    /** Whether the node is in the taxonomy. */
    public boolean contains(SubjectNode node) {
        List<String> kids = children.get(node.first());
        return kids != null && (node.second() == null || kids.contains(node.second()));
    }

    /** Every second-level node, in taxonomy order. */
    public List<SubjectNode> secondLevels() {
        List<SubjectNode> nodes = new ArrayList<>();
        children.forEach((first, kids) -> kids.forEach(second -> nodes.add(new SubjectNode(first, second))));
        return nodes;
    }

    /** Index of a first-level category in {@link #firstLevels()}, -1 when unknown. */
    public int indexOf(String first) {
        return firstLevels.indexOf(first);
    }
}
