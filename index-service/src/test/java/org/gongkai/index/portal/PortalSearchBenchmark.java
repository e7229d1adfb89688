package org.gongkai.index.portal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.gongkai.index.IndexNames;
import org.gongkai.portal.query.PortalQuery;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Benchmark harness, not a test (its name matches neither {@code *Test} nor {@code *IT}, so builds skip it): the
 * latency of the portal's requests with the query files of this build ("after") against another set of query files
 * ("before", e.g. those of commit dccf4f5, before one result per notice), on the same index, in the same JVM,
 * alternated. Run:
 *
 * <pre>
 * mkdir -p /tmp/before &amp;&amp; for f in full-text facets browse document-number more-like-this; do
 *   git show dccf4f5:docs/portal-queries/$f.json &gt; /tmp/before/$f.json; done
 * ./mvnw -B -o verify -pl index-service -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dit.test=PortalSearchBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dgongkai.bench.before=/tmp/before
 * </pre>
 *
 * <p>The index: {@link SyntheticNotices}, {@code gongkai.bench.docs} (10,000) of them.
 *
 * <p>Each round runs, for each variant in turn (the order rotates by round), every kind of request:
 * full text with facets (8 queries), browse with facets (first page, and with a site selected), the 文号 lookup
 * (10 numbers, half of them mirrored) and related notices (10 notices).
 * Two ablations of "after" run full text and browse only, to tell the costs apart: without the facet buckets'
 * {@code notices} cardinality, and without {@code inner_hits}. The first {@code gongkai.bench.warmup-rounds} (2)
 * rounds are not counted; then {@code gongkai.bench.rounds} (6).
 * Printed per kind and variant: p50, p90 and mean of the wall time seen by the client (HTTP to the node) and of
 * Elasticsearch's {@code took}, over all timed requests.
 */
class PortalSearchBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * "before" and "after", and two ablations of "after" for full text and browse only: without the facet buckets'
     * notice counts ({@code notices} cardinality under each bucket), and without {@code inner_hits} (the copies).
     */
    private static final List<String> VARIANTS =
            List.of("before", "after", "after-no-bucket-cardinality", "after-no-inner-hits");

    private final int rounds = Integer.getInteger("gongkai.bench.rounds", 6);
    private final int warmup = Integer.getInteger("gongkai.bench.warmup-rounds", 2);
    private final SyntheticNotices corpus = new SyntheticNotices(Integer.getInteger("gongkai.bench.docs", 10_000));

    @Test
    void run() throws Exception {
        String beforeDir = System.getProperty("gongkai.bench.before");
        if (beforeDir == null) {
            throw new IllegalStateException("-Dgongkai.bench.before=<dir with the query files to compare with>");
        }
        Map<String, String> before = new LinkedHashMap<>();
        for (String f : List.of("full-text", "facets", "browse", "document-number", "more-like-this")) {
            before.put(f, Files.readString(Path.of(beforeDir, f + ".json")));
        }
        ElasticsearchClient client = PortalIndex.client(Duration.ofSeconds(60));
        IndexNames names = SyntheticNotices.uniqueNames("search-bench");
        try {
            corpus.build(client, names);
            System.out.printf(
                    Locale.ROOT,
                    "PortalSearchBenchmark: %d documents (%d mirror copies), %d warm-up + %d timed rounds, %d cores%n",
                    corpus.docs(),
                    corpus.mirrors(),
                    warmup,
                    rounds,
                    Runtime.getRuntime().availableProcessors());
            measure(names.readAlias(), before);
        } finally {
            client.indices().delete(d -> d.index(names.index()));
            client._transport().close();
        }
    }

    private void measure(String alias, Map<String, String> before) throws Exception {
        Map<String, Map<String, List<long[]>>> timings = new LinkedHashMap<>();
        for (int round = 0; round < warmup + rounds; round++) {
            List<String> order = new ArrayList<>(VARIANTS);
            java.util.Collections.rotate(order, round);
            for (String variant : order) {
                for (Map.Entry<String, List<Supplier<ObjectNode>>> kind :
                        requests(variant, before).entrySet()) {
                    for (Supplier<ObjectNode> request : kind.getValue()) {
                        long[] t = time(alias, request.get());
                        if (round >= warmup) {
                            timings.computeIfAbsent(kind.getKey(), k -> new LinkedHashMap<>())
                                    .computeIfAbsent(variant, v -> new ArrayList<>())
                                    .add(t);
                        }
                    }
                }
            }
        }
        System.out.println(
                "kind         variant                      n    wall p50/p90/mean ms      took p50/p90/mean ms");
        timings.forEach((kind, byVariant) -> byVariant.forEach((variant, list) -> System.out.printf(
                Locale.ROOT,
                "%-12s %-28s %-4d %6.1f %6.1f %6.1f        %6.1f %6.1f %6.1f%n",
                kind,
                variant,
                list.size(),
                percentile(list, 0, 0.5) / 1e6,
                percentile(list, 0, 0.9) / 1e6,
                mean(list, 0) / 1e6,
                percentile(list, 1, 0.5),
                percentile(list, 1, 0.9),
                mean(list, 1))));
    }

    private Map<String, List<Supplier<ObjectNode>>> requests(String variant, Map<String, String> before) {
        if (variant.startsWith("after-")) {
            return ablation(variant, before);
        }
        boolean after = variant.equals("after");
        Map<String, List<Supplier<ObjectNode>>> kinds = new LinkedHashMap<>();
        List<Supplier<ObjectNode>> fullText = new ArrayList<>();
        for (String q : SyntheticNotices.QUERIES) {
            fullText.add(() -> after
                    ? PortalQuery.load(PortalQuery.FULL_TEXT)
                            .with("q", q)
                            .withFacets()
                            .build()
                    : PortalQuery.parse("before full-text", withFacets(before, "full-text"))
                            .with("q", q)
                            .build());
        }
        kinds.put("full-text", fullText);
        List<Supplier<ObjectNode>> browse = new ArrayList<>();
        for (List<String> sites : List.of(List.<String>of(), List.of("province"), List.of("tw-mirror"))) {
            browse.add(() -> {
                PortalQuery query = after
                        ? PortalQuery.load(PortalQuery.BROWSE).withFacets()
                        : PortalQuery.parse("before browse", withFacets(before, "browse"));
                if (!sites.isEmpty()) {
                    query.with("sites", sites);
                }
                return query.build();
            });
        }
        kinds.put("browse", browse);
        List<Supplier<ObjectNode>> lookups = new ArrayList<>();
        for (String number : corpus.numbers()) {
            lookups.add(() -> (after
                            ? PortalQuery.load(PortalQuery.DOCUMENT_NUMBER)
                            : PortalQuery.parse("before document-number", before.get("document-number")))
                    .with("document_number", number)
                    .build());
        }
        kinds.put("doc-number", lookups);
        List<Supplier<ObjectNode>> related = new ArrayList<>();
        for (String notice : corpus.relatedOf()) {
            related.add(() -> after
                    ? PortalQuery.load(PortalQuery.MORE_LIKE_THIS)
                            .with("notice_id", notice)
                            .build()
                    : PortalQuery.parse("before more-like-this", before.get("more-like-this"))
                            .with("notice_id", notice)
                            .build());
        }
        kinds.put("related", related);
        return kinds;
    }

    private Map<String, List<Supplier<ObjectNode>>> ablation(String variant, Map<String, String> before) {
        Map<String, List<Supplier<ObjectNode>>> kinds = new LinkedHashMap<>();
        requests("after", before).forEach((kind, list) -> {
            if (kind.equals("full-text") || kind.equals("browse")) {
                kinds.put(
                        kind,
                        list.stream()
                                .<Supplier<ObjectNode>>map(request -> () -> {
                                    ObjectNode body = request.get();
                                    if (variant.equals("after-no-inner-hits")) {
                                        ((ObjectNode) body.get("collapse")).remove("inner_hits");
                                    } else {
                                        body.get("aggs").forEach(PortalSearchBenchmark::dropBucketCounts);
                                    }
                                    return body;
                                })
                                .toList());
            }
        });
        return kinds;
    }

    private static void dropBucketCounts(JsonNode aggregation) {
        if (aggregation.get("aggs") instanceof ObjectNode sub) {
            sub.remove("notices");
            sub.forEach(PortalSearchBenchmark::dropBucketCounts);
            if (sub.isEmpty()) {
                ((ObjectNode) aggregation).remove("aggs");
            }
        }
    }

    /** A "before" file with the "before" facets.json added, as PortalQuery adds this build's. */
    private static String withFacets(Map<String, String> before, String file) {
        ObjectNode body = (ObjectNode) JSON.readTree(before.get(file));
        ObjectNode facets = (ObjectNode) JSON.readTree(before.get("facets"));
        ObjectNode query = (ObjectNode) body.get("query");
        if (!query.has("bool")) {
            ObjectNode bool = JSON.createObjectNode();
            bool.set("must", query.deepCopy());
            query.removeAll();
            query.set("bool", bool);
        }
        ObjectNode bool = (ObjectNode) query.get("bool");
        ArrayNode filter = bool.has("filter") ? (ArrayNode) bool.get("filter") : bool.putArray("filter");
        facets.get("filter").forEach(filter::add);
        ObjectNode aggs = body.has("aggs") ? (ObjectNode) body.get("aggs") : body.putObject("aggs");
        facets.get("aggs").properties().forEach(e -> aggs.set(e.getKey(), e.getValue()));
        return JSON.writeValueAsString(body);
    }

    /** Wall nanoseconds at the client and Elasticsearch's took (ms) of one search. */
    private static long[] time(String alias, ObjectNode body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(RealServers.elasticsearchUrl() + "/" + alias + "/_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        long wall = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return new long[] {wall, JSON.readTree(response.body()).path("took").asLong()};
    }

    private static double percentile(List<long[]> list, int column, double p) {
        long[] sorted = list.stream().mapToLong(t -> t[column]).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double mean(List<long[]> list, int column) {
        return list.stream().mapToLong(t -> t[column]).average().orElse(0);
    }
}
