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
import java.util.Collections;
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
 * Benchmark harness, not a test (builds skip it): A/B pairs of the collapsed queries as they are ("A", this build's
 * files) against cheaper forms ("B") that must give the same answers, on {@link SyntheticNotices}. Run:
 *
 * <pre>
 * ./mvnw -B -o verify -pl index-service -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dit.test=PortalCostsBenchmark -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>The B forms:
 *
 * <ul>
 *   <li>{@code copies-second-request}: the query without {@code inner_hits}, then one request for the copies of all
 *       the notices shown: the same query (so the same filters) restricted to their identities, with a {@code terms}
 *       aggregation on {@code identity} and a {@code top_hits} (10, oldest first) under each: what Elasticsearch's
 *       collapse does with one search per shown hit, in one. Its time is the sum of both requests;
 *   <li>{@code cardinality-direct}, {@code cardinality-segment-ordinals}: every {@code notices} cardinality (the
 *       total and each facet bucket's) with that {@code execution_hint} (Elasticsearch chooses by itself otherwise).
 * </ul>
 *
 * <p>Each round runs A and every B in turn (the order rotating by round), each over the same requests: full text with
 * facets (8 queries), browse with facets (3), the 文号 lookup (10; copies only). A round gives one A/B pair per kind:
 * the mean {@code took} per search of A and of B. Every B answer is compared with A's (hits, each hit's copies,
 * total, every facet bucket's count) and a difference is printed. The load average is printed at each round.
 */
class PortalCostsBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String A = "A";
    private static final List<String> VARIANTS =
            List.of(A, "copies-second-request", "cardinality-direct", "cardinality-segment-ordinals");

    private final int rounds = Integer.getInteger("gongkai.bench.rounds", 8);
    private final int warmup = Integer.getInteger("gongkai.bench.warmup-rounds", 2);
    private final SyntheticNotices corpus = new SyntheticNotices(Integer.getInteger("gongkai.bench.docs", 10_000));
    private String alias;
    private int differences;

    @Test
    void run() throws Exception {
        ElasticsearchClient client = PortalIndex.client(Duration.ofSeconds(60));
        IndexNames names = SyntheticNotices.uniqueNames("costs-bench");
        try {
            corpus.build(client, names);
            alias = names.readAlias();
            System.out.printf(
                    Locale.ROOT,
                    "PortalCostsBenchmark: %d documents (%d mirror copies), %d warm-up + %d timed rounds, %d cores%n",
                    corpus.docs(),
                    corpus.mirrors(),
                    warmup,
                    rounds,
                    Runtime.getRuntime().availableProcessors());
            measure();
        } finally {
            client.indices().delete(d -> d.index(names.index()));
            client._transport().close();
        }
    }

    private void measure() throws Exception {
        // kind -> variant -> per timed round: {sum of took, searches}
        Map<String, Map<String, List<long[]>>> perRound = new LinkedHashMap<>();
        for (int round = 0; round < warmup + rounds; round++) {
            System.out.printf(Locale.ROOT, "round %d, load average %s%n", round, loadAverage());
            Map<String, List<JsonNode>> answersOfA = new LinkedHashMap<>();
            List<String> order = new ArrayList<>(VARIANTS);
            Collections.rotate(order, round);
            // A first in the answers' map whatever the order: compare after the round
            Map<String, Map<String, List<JsonNode>>> answers = new LinkedHashMap<>();
            for (String variant : order) {
                for (Map.Entry<String, List<Supplier<ObjectNode>>> kind :
                        requests().entrySet()) {
                    if (variant.startsWith("cardinality") && kind.getKey().equals("doc-number")) {
                        continue;
                    }
                    long took = 0;
                    for (Supplier<ObjectNode> request : kind.getValue()) {
                        long[] answerTook = new long[1];
                        JsonNode answer = answer(variant, request.get(), answerTook);
                        took += answerTook[0];
                        answers.computeIfAbsent(variant, v -> new LinkedHashMap<>())
                                .computeIfAbsent(kind.getKey(), k -> new ArrayList<>())
                                .add(answer);
                    }
                    if (round >= warmup) {
                        perRound.computeIfAbsent(kind.getKey(), k -> new LinkedHashMap<>())
                                .computeIfAbsent(variant, v -> new ArrayList<>())
                                .add(new long[] {took, kind.getValue().size()});
                    }
                }
            }
            answersOfA.putAll(answers.get(A));
            answers.forEach((variant, byKind) -> byKind.forEach((kind, list) -> {
                for (int i = 0; i < list.size(); i++) {
                    if (!list.get(i).equals(answersOfA.get(kind).get(i))) {
                        differences++;
                        System.out.printf(
                                Locale.ROOT,
                                "DIFFERENT answer: %s %s #%d%n  A: %s%n  B: %s%n",
                                variant,
                                kind,
                                i,
                                answersOfA.get(kind).get(i),
                                list.get(i));
                    }
                }
            }));
        }
        System.out.printf(Locale.ROOT, "after the rounds, load average %s%n", loadAverage());
        System.out.println("kind         B                              pairs (took per search, ms: A / B = ratio)");
        perRound.forEach((kind, byVariant) -> byVariant.forEach((variant, list) -> {
            if (variant.equals(A)) {
                return;
            }
            List<long[]> a = byVariant.get(A);
            StringBuilder pairs = new StringBuilder();
            double worst = 0;
            for (int i = 0; i < list.size(); i++) {
                double perA = (double) a.get(i)[0] / a.get(i)[1];
                double perB = (double) list.get(i)[0] / list.get(i)[1];
                worst = Math.max(worst, perB / perA);
                pairs.append(String.format(Locale.ROOT, " %.1f/%.1f=%.2f", perA, perB, perB / perA));
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-12s %-30s%s | worst %.2f: %s%n",
                    kind,
                    variant,
                    pairs,
                    worst,
                    worst <= 0.8 ? "at least 20 % less in every pair" : "not 20 % less in every pair");
        }));
        System.out.printf(Locale.ROOT, "answers different from A's: %d%n", differences);
    }

    private Map<String, List<Supplier<ObjectNode>>> requests() {
        Map<String, List<Supplier<ObjectNode>>> kinds = new LinkedHashMap<>();
        List<Supplier<ObjectNode>> fullText = new ArrayList<>();
        for (String q : SyntheticNotices.QUERIES) {
            fullText.add(() -> PortalQuery.load(PortalQuery.FULL_TEXT)
                    .with("q", q)
                    .withFacets()
                    .build());
        }
        kinds.put("full-text", fullText);
        List<Supplier<ObjectNode>> browse = new ArrayList<>();
        for (List<String> sites : List.of(List.<String>of(), List.of("province"), List.of("tw-mirror"))) {
            browse.add(() -> {
                PortalQuery query = PortalQuery.load(PortalQuery.BROWSE).withFacets();
                if (!sites.isEmpty()) {
                    query.with("sites", sites);
                }
                return query.build();
            });
        }
        kinds.put("browse", browse);
        List<Supplier<ObjectNode>> lookups = new ArrayList<>();
        for (String number : corpus.numbers()) {
            lookups.add(() -> PortalQuery.load(PortalQuery.DOCUMENT_NUMBER)
                    .with("document_number", number)
                    .build());
        }
        kinds.put("doc-number", lookups);
        return kinds;
    }

    /** The answer of one search in a variant, reduced to what a portal shows; its took (summed) into took[0]. */
    private JsonNode answer(String variant, ObjectNode body, long[] took) throws Exception {
        if (variant.startsWith("cardinality-")) {
            String hint = variant.substring("cardinality-".length()).replace('-', '_');
            hint(body, hint);
        }
        if (!variant.equals("copies-second-request")) {
            JsonNode result = post(body, took);
            return ShownAnswers.shown(result, ShownAnswers.copiesOfInnerHits(result));
        }
        ObjectNode collapse = (ObjectNode) body.get("collapse");
        ObjectNode innerHits = (ObjectNode) collapse.remove("inner_hits");
        JsonNode result = post(body, took);
        List<String> identities = new ArrayList<>();
        result.at("/hits/hits")
                .forEach(h -> identities.add(h.at("/fields/identity/0").asString()));
        Map<String, List<String>> copies = new LinkedHashMap<>();
        if (!identities.isEmpty()) {
            ObjectNode second = ShownAnswers.copiesRequest(body.get("query"), innerHits, identities);
            copies.putAll(ShownAnswers.copiesOfAggregation(post(second, took)));
        }
        return ShownAnswers.shown(result, copies);
    }

    private static void hint(JsonNode node, String hint) {
        if (node instanceof ObjectNode object) {
            if (object.get("cardinality") instanceof ObjectNode cardinality) {
                cardinality.put("execution_hint", hint);
            }
            object.forEach(child -> hint(child, hint));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> hint(child, hint));
        }
    }

    private JsonNode post(ObjectNode body, long[] took) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(RealServers.elasticsearchUrl() + "/" + alias + "/_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        JsonNode result = JSON.readTree(response.body());
        took[0] += result.path("took").asLong();
        return result;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
