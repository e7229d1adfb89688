package org.gongkai.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The portal's typical searches, built from its own request templates ({@code docs/portal-queries/*.json}, see
 * {@code docs/portal-search.md}) and timed through the read alias: a keyword in title and body (full-text, with
 * highlights), the same filtered by subject and date with the facet counts, browsing one subject within a date range
 * newest first, and browsing everything newest first. Each kind takes turns through a few parameter values;
 * the request cache is off ({@code request_cache=false}) so that every run searches. Single-threaded.
 */
final class PortalQueries {

    /** Keywords of the real notices, from common (疫情防控, in 223 of 337) to rare (住房公积金, 7). */
    static final List<String> KEYWORDS = List.of("疫情防控", "安全生产", "生态环境", "养老", "住房公积金");
    /** First-level subjects (主题分类) frequent among the real notices. */
    static final List<String> SUBJECTS = List.of("工业、交通", "财政、金融、审计", "卫生、体育", "市场监管、安全生产监管");

    /** Client-side latencies in µs and the kind's description. */
    record Timed(String kind, String label, List<Long> micros, long hits) {}

    private final Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();

    PortalQueries(Path repo) {
        Path dir = repo.resolve("docs/portal-queries");
        JsonNode fullText = read(dir.resolve("full-text.json"));
        JsonNode browse = read(dir.resolve("browse.json"));
        JsonNode facets = read(dir.resolve("facets.json"));
        add(
                "keyword",
                "keyword in title/body (full-text.json, highlights)",
                i -> fill(fullText, KEYWORDS.get(i % 5)).toString());
        add("keyword_filtered", "keyword, filtered by subject and date from 2020, facet counts", i -> {
            ObjectNode q = fill(fullText, KEYWORDS.get(i % 5));
            ArrayNode filter = ((ObjectNode) q.path("query").path("bool")).putArray("filter");
            filter.add(subject(i));
            filter.add(range("2020-01-01", null));
            q.set("aggs", facets.path("aggs").deepCopy());
            return q.toString();
        });
        add("browse_subject_dates", "browse one subject, published 2019–2020, newest first (browse.json)", i -> {
            ObjectNode q = (ObjectNode) browse.deepCopy();
            ArrayNode filter = (ArrayNode) q.path("query").path("bool").path("filter");
            filter.add(subject(i));
            filter.add(range("2019-01-01", "2021-01-01"));
            return q.toString();
        });
        add("browse_newest", "browse everything, newest first (browse.json)", i -> browse.toString());
    }

    private void add(String kind, String label, IntFunction<String> body) {
        kinds.put(kind, body);
        labels.put(kind, label);
    }

    /**
     * Runs each kind {@code warmUp} times untimed, then {@code runs} times timed, through {@code alias}.
     *
     * @throws IllegalStateException when a search fails
     */
    List<Timed> run(Elastic es, String alias, int warmUp, int runs) {
        List<Timed> out = new ArrayList<>();
        for (Map.Entry<String, IntFunction<String>> kind : kinds.entrySet()) {
            List<Long> micros = new ArrayList<>();
            long hits = 0;
            for (int i = 0; i < warmUp + runs; i++) {
                String body = kind.getValue().apply(i);
                long t0 = System.nanoTime();
                HttpResponse<String> r =
                        es.send("POST", "/" + alias + "/_search?request_cache=false", body, "application/json");
                long took = (System.nanoTime() - t0) / 1000;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(kind.getKey() + ": " + r.statusCode() + " "
                            + r.body().substring(0, Math.min(400, r.body().length())));
                }
                if (i >= warmUp) {
                    micros.add(took);
                    hits += Elastic.JSON
                            .readTree(r.body())
                            .path("hits")
                            .path("total")
                            .path("value")
                            .asLong();
                }
            }
            out.add(new Timed(kind.getKey(), labels.get(kind.getKey()), micros, runs == 0 ? 0 : hits / runs));
        }
        return out;
    }

    private static ObjectNode subject(int i) {
        ObjectNode terms = Elastic.JSON.createObjectNode();
        terms.putObject("terms").putArray("subjectFirst").add(SUBJECTS.get(i % SUBJECTS.size()));
        return terms;
    }

    private static ObjectNode range(String from, String to) {
        ObjectNode range = Elastic.JSON.createObjectNode();
        ObjectNode published = range.putObject("range").putObject("publishedAt");
        if (from != null) {
            published.put("gte", from);
        }
        if (to != null) {
            published.put("lt", to);
        }
        published.put("time_zone", "+08:00");
        return range;
    }

    /** A copy of {@code template} with every {@code "{{q}}"} string replaced by {@code q}. */
    static ObjectNode fill(JsonNode template, String q) {
        return (ObjectNode) replace(template.deepCopy(), q);
    }

    private static JsonNode replace(JsonNode node, String q) {
        if (node.isString() && node.asString().equals("{{q}}")) {
            return StringNode.valueOf(q);
        }
        if (node instanceof ObjectNode o) {
            for (String name : List.copyOf(o.propertyNames())) {
                o.set(name, replace(o.get(name), q));
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, replace(a.get(i), q));
            }
        }
        return node;
    }

    private static JsonNode read(Path file) {
        try {
            return Elastic.JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the portal query " + file, e);
        }
    }
}
