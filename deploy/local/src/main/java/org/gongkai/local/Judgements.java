package org.gongkai.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A judged query set: queries as a portal user types them, each with a kind and the notices that answer it, named
 * by their path on the demo portal and graded (2 = a notice sought, 1 = also relevant). Immutable.
 *
 * @param queries the queries in file order
 */
public record Judgements(List<JudgedQuery> queries) {

    /** Class-path resource of the shipped query set. */
    public static final String RESOURCE = "/relevance/judgements.json";

    /** The kinds a query may have. */
    public static final List<String> KINDS = List.of(
            "title-words",
            "body-phrase",
            "agency",
            "document-number",
            "index-number",
            "traditional",
            "single-character",
            "mixed");

    /**
     * One judged query.
     *
     * @param id       unique, short
     * @param kind     one of {@link #KINDS}
     * @param query    what the user types
     * @param relevant notice path → grade (1 or 2); at least one notice graded 2
     */
    public record JudgedQuery(String id, String kind, String query, Map<String, Integer> relevant) {

        public JudgedQuery {
            relevant = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(relevant));
        }
    }

    public Judgements {
        queries = List.copyOf(queries);
        Set<String> ids = new HashSet<>();
        for (JudgedQuery q : queries) {
            if (!ids.add(q.id())) {
                throw new IllegalArgumentException("duplicate query id " + q.id());
            }
            if (!KINDS.contains(q.kind())) {
                throw new IllegalArgumentException(q.id() + ": unknown kind " + q.kind());
            }
            if (q.query() == null || q.query().isBlank()) {
                throw new IllegalArgumentException(q.id() + ": empty query");
            }
            if (!q.relevant().containsValue(RelevanceMetrics.SOUGHT)) {
                throw new IllegalArgumentException(q.id() + ": no notice graded " + RelevanceMetrics.SOUGHT);
            }
            q.relevant().forEach((path, grade) -> {
                if (grade < 1 || grade > RelevanceMetrics.SOUGHT || !path.startsWith("/")) {
                    throw new IllegalArgumentException(q.id() + ": bad judgement " + path + "=" + grade);
                }
            });
        }
    }

    /** The shipped query set ({@value #RESOURCE}). */
    public static Judgements shipped() {
        try (InputStream in = Judgements.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + RESOURCE);
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** A query set from a file of the same form as the shipped one. */
    public static Judgements read(Path file) {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Judgements parse(byte[] json) {
        JsonNode root = JsonMapper.builder().build().readTree(json);
        List<JudgedQuery> queries = new ArrayList<>();
        for (JsonNode q : root.path("queries")) {
            Map<String, Integer> relevant = new LinkedHashMap<>();
            q.path("relevant").forEachEntry((path, grade) -> relevant.put(path, grade.asInt()));
            queries.add(new JudgedQuery(
                    q.path("id").asString(),
                    q.path("kind").asString(),
                    q.path("query").asString(),
                    relevant));
        }
        return new Judgements(queries);
    }

    /** Every notice path some query judges. */
    public Set<String> judgedPaths() {
        Set<String> paths = new java.util.TreeSet<>();
        queries.forEach(q -> paths.addAll(q.relevant().keySet()));
        return paths;
    }
}
