package org.gongkai.local;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The documents of one site behind the read alias, by id, with their portal paths; how the evaluation reads them,
 * loads them into its indices, and waits for them. Not thread-safe per index (a load recreates it).
 */
record RelevanceCorpus(Map<String, JsonNode> sources, Map<String, String> pathsById) {

    static RelevanceCorpus read(ElasticsearchJson es, String siteId) {
        Map<String, JsonNode> sources = new LinkedHashMap<>();
        Map<String, String> paths = new LinkedHashMap<>();
        JsonNode after = null;
        while (true) {
            ObjectNode request = ElasticsearchJson.JSON.createObjectNode();
            request.put("size", 500);
            request.putObject("query").putObject("term").put("siteId", siteId);
            request.putArray("sort").addObject().put("noticeId", "asc");
            if (after != null) {
                request.set("search_after", after);
            }
            JsonNode hits = es.ok("POST", "/" + RelevanceEvaluation.ALIAS + "/_search", request.toString())
                    .path("hits")
                    .path("hits");
            if (hits.isEmpty()) {
                break;
            }
            for (JsonNode hit : hits) {
                String id = hit.path("_id").asString();
                sources.put(id, hit.path("_source"));
                paths.put(
                        id,
                        URI.create(hit.path("_source").path("url").asString()).getPath());
                after = hit.path("sort");
            }
        }
        return new RelevanceCorpus(sources, paths);
    }

    Map<String, String> titlesByPath() {
        Map<String, String> titles = new TreeMap<>();
        sources.forEach((id, source) ->
                titles.put(pathsById.get(id), source.path("title").asString()));
        return titles;
    }

    /** Creates {@code index} afresh with {@code body} and loads the corpus into it, refreshed and counted. */
    void loadInto(ElasticsearchJson es, String index, ObjectNode body) {
        ElasticsearchJson.Response deleted = es.send("DELETE", "/" + index, null);
        if (deleted.status() != 200 && deleted.status() != 404) {
            throw new IllegalStateException("cannot delete " + index + ": " + deleted.body());
        }
        es.ok("PUT", "/" + index, body.toString());
        StringBuilder bulk = new StringBuilder();
        int pending = 0;
        for (var entry : sources.entrySet()) {
            ObjectNode action = ElasticsearchJson.JSON.createObjectNode();
            action.putObject("index").put("_index", index).put("_id", entry.getKey());
            bulk.append(action).append('\n').append(entry.getValue()).append('\n');
            if (++pending == 200) {
                bulk(es, bulk);
                pending = 0;
            }
        }
        if (pending > 0) {
            bulk(es, bulk);
        }
        es.ok("POST", "/" + index + "/_refresh", null);
        long count = es.ok("GET", "/" + index + "/_count", null).path("count").asLong();
        if (count != sources.size()) {
            throw new IllegalStateException(index + " holds " + count + " documents, expected " + sources.size());
        }
    }

    private static void bulk(ElasticsearchJson es, StringBuilder ndjson) {
        ElasticsearchJson.Response response = es.send("POST", "/_bulk", ndjson.toString(), "application/x-ndjson");
        if (response.status() != 200 || response.body().path("errors").asBoolean()) {
            throw new IllegalStateException("bulk load failed: " + response.body());
        }
        ndjson.setLength(0);
    }

    /** Waits until every path in {@code paths} is a document of the site behind the read alias. */
    static void awaitCorpus(String esUrl, String siteId, Set<String> paths, Duration timeout)
            throws InterruptedException {
        ElasticsearchJson es = new ElasticsearchJson(esUrl);
        Instant deadline = Instant.now().plus(timeout);
        Set<String> missing = new TreeSet<>(paths);
        while (true) {
            try {
                missing.removeAll(read(es, siteId).pathsById().values());
            } catch (IllegalStateException e) {
                // the alias does not exist yet: nothing indexed so far
            }
            if (missing.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(missing.size() + " notices still not indexed after " + timeout
                        + ", e.g. " + missing.iterator().next());
            }
            Thread.sleep(2000); // waiting for the crawl, an external process, with a deadline
        }
    }
}
