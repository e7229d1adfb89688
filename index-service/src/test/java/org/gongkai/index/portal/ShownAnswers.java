package org.gongkai.index.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * For {@link PortalCostsBenchmark}: a collapsed search's answer reduced to what a portal shows, so that two forms of
 * the same search can be compared (hits, each hit's copies, total, facet counts); and the one request that fetches
 * the copies of all shown notices instead of {@code inner_hits}. Stateless.
 */
final class ShownAnswers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ShownAnswers() {}

    /**
     * The copies of the notices with {@code identities} as {@code inner_hits} would list them: the search's
     * {@code query} (so its filters) restricted to those identities, a {@code terms} aggregation on {@code identity}
     * (one bucket each) with a {@code top_hits} of the inner hits' size, sort and source under each.
     */
    static ObjectNode copiesRequest(JsonNode query, JsonNode innerHits, List<String> identities) {
        ObjectNode request = JSON.createObjectNode();
        request.put("size", 0);
        request.put("track_total_hits", false);
        ObjectNode bool = request.putObject("query").putObject("bool");
        bool.putArray("must").add(query.deepCopy());
        ArrayNode values =
                bool.putArray("filter").addObject().putObject("terms").putArray("identity");
        identities.forEach(values::add);
        ObjectNode copies = request.putObject("aggs").putObject("copies");
        ObjectNode byIdentity = copies.putObject("terms");
        byIdentity.put("field", "identity");
        byIdentity.put("size", identities.size());
        ObjectNode topHits = copies.putObject("aggs").putObject("copies").putObject("top_hits");
        topHits.put("size", innerHits.get("size").asInt());
        topHits.set("sort", innerHits.get("sort").deepCopy());
        topHits.set("_source", innerHits.get("_source").deepCopy());
        return request;
    }

    /** The copies of {@link #copiesRequest}'s answer by identity: id and source each. */
    static Map<String, List<String>> copiesOfAggregation(JsonNode answer) {
        Map<String, List<String>> copies = new LinkedHashMap<>();
        answer.at("/aggregations/copies/buckets").forEach(b -> {
            List<String> ids = new ArrayList<>();
            b.at("/copies/hits/hits")
                    .forEach(c -> ids.add(
                            c.get("_id").asString() + " " + c.get("_source").toString()));
            copies.put(b.get("key").asString(), ids);
        });
        return copies;
    }

    /** Each collapsed hit's copies ({@code inner_hits} named {@code copies}) by identity: id and source each. */
    static Map<String, List<String>> copiesOfInnerHits(JsonNode result) {
        Map<String, List<String>> copies = new LinkedHashMap<>();
        result.at("/hits/hits").forEach(h -> {
            List<String> ids = new ArrayList<>();
            h.at("/inner_hits/copies/hits/hits")
                    .forEach(c -> ids.add(
                            c.get("_id").asString() + " " + c.get("_source").toString()));
            copies.put(h.at("/fields/identity/0").asString(), ids);
        });
        return copies;
    }

    /** Hits (id, source, copies), total and facet counts: what search-service makes of an answer. */
    static JsonNode shown(JsonNode result, Map<String, List<String>> copies) {
        ObjectNode shown = JSON.createObjectNode();
        ArrayNode hits = shown.putArray("hits");
        result.at("/hits/hits").forEach(h -> {
            ObjectNode hit = hits.addObject();
            hit.put("id", h.get("_id").asString());
            hit.set("source", h.get("_source"));
            ArrayNode list = hit.putArray("copies");
            copies.getOrDefault(h.at("/fields/identity/0").asString(), List.of())
                    .forEach(list::add);
        });
        shown.set("total", result.at("/aggregations/notices/value"));
        ObjectNode counts = shown.putObject("counts");
        collectCounts("", result.path("aggregations"), counts);
        return shown;
    }

    private static void collectCounts(String path, JsonNode aggregation, ObjectNode counts) {
        aggregation.properties().forEach(e -> {
            JsonNode value = e.getValue();
            if (value.has("buckets")) {
                value.get("buckets").forEach(b -> {
                    String key = path + e.getKey() + "=" + b.get("key").asString();
                    counts.set(key, b.at("/notices/value"));
                    collectCounts(key + "/", b, counts);
                });
            } else if (value.isObject() && value.has("doc_count")) {
                collectCounts(path + e.getKey() + "/", value, counts);
            }
        });
    }
}
