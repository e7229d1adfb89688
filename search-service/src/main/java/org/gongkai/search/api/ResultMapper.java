package org.gongkai.search.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gongkai.search.api.Responses.Attachment;
import org.gongkai.search.api.Responses.Bucket;
import org.gongkai.search.api.Responses.Copy;
import org.gongkai.search.api.Responses.Facets;
import org.gongkai.search.api.Responses.Hit;
import org.gongkai.search.api.Responses.Notice;
import org.gongkai.search.api.Responses.Page;
import org.gongkai.search.api.Responses.Suggestion;
import tools.jackson.databind.JsonNode;

/** Elasticsearch answers to the API's typed responses. Stateless. */
final class ResultMapper {

    /** Most related notices listed (the query file asks for one more: the shown notice, left out). */
    static final int RELATED = 5;

    private ResultMapper() {}

    /**
     * A page; {@code next} is the cursor of the following page (from the query that asked), or null. The total is the
     * number of notices ({@code notices}, a cardinality of {@code identity}) when the query counts them, else the
     * number of hits.
     */
    static Page page(JsonNode result, String next) {
        JsonNode hits = result.path("hits").path("hits");
        List<Hit> list = new ArrayList<>();
        hits.forEach(h -> list.add(hit(h)));
        JsonNode aggs = result.path("aggregations");
        JsonNode notices = aggs.path("notices").path("value");
        long total = notices.isNumber()
                ? notices.asLong()
                : result.path("hits").path("total").path("value").asLong(list.size());
        Facets facets = !aggs.has("publisher")
                ? null
                : new Facets(
                        byCount(publisherBuckets(aggs)),
                        byCount(buckets(aggs.path("subject"))),
                        byCount(buckets(aggs.path("genre"))),
                        byCount(buckets(aggs.path("validity"))),
                        byCount(buckets(aggs.path("site"))),
                        buckets(aggs.path("year")));
        return new Page(total, list, facets, next);
    }

    /**
     * The related notices of {@code more-like-this.json}'s answer: its hits but the shown notice's (pinned first, it
     * stands for the notice and its copies), at most {@value #RELATED}.
     */
    static List<Hit> related(JsonNode result, String shownId) {
        List<Hit> list = new ArrayList<>();
        for (JsonNode h : result.path("hits").path("hits")) {
            if (!h.path("_id").asString().equals(shownId) && list.size() < RELATED) {
                list.add(hit(h));
            }
        }
        return list;
    }

    static Hit hit(JsonNode hit) {
        JsonNode s = hit.path("_source");
        JsonNode highlight = hit.path("highlight");
        List<String> snippets = new ArrayList<>();
        highlight.path("body").forEach(f -> snippets.add(f.asString()));
        highlight.path("attachments.text").forEach(f -> snippets.add(f.asString()));
        return new Hit(
                hit.path("_id").asString(),
                text(s, "url"),
                text(s, "title"),
                highlight.path("title").path(0).asString(null),
                snippets,
                text(s, "publisher"),
                text(s, "publishedAt"),
                text(s, "writtenAt"),
                text(s, "documentNumber"),
                text(s, "indexNumber"),
                text(s, "subjectFirst"),
                text(s, "subjectSecond"),
                text(s, "subjectSource"),
                text(s, "subjectModelVersion"),
                text(s, "genre"),
                text(s, "validity"),
                text(s, "siteId"),
                copies(hit));
    }

    /** The other copies of a collapsed hit's notice ({@code inner_hits.copies} without the hit itself). */
    static List<Copy> copies(JsonNode hit) {
        String id = hit.path("_id").asString();
        List<Copy> copies = new ArrayList<>();
        hit.path("inner_hits").path("copies").path("hits").path("hits").forEach(c -> {
            if (!c.path("_id").asString().equals(id)) {
                JsonNode s = c.path("_source");
                copies.add(new Copy(c.path("_id").asString(), text(s, "siteId"), text(s, "url"), text(s, "title")));
            }
        });
        return copies;
    }

    static Notice notice(JsonNode hit) {
        JsonNode s = hit.path("_source");
        List<String> keywords = new ArrayList<>();
        s.path("keywords").forEach(k -> keywords.add(k.asString()));
        Map<String, String> labels = new LinkedHashMap<>();
        s.path("labels")
                .properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        List<Attachment> attachments = new ArrayList<>();
        s.path("attachments")
                .forEach(a -> attachments.add(new Attachment(text(a, "name"), text(a, "url"), text(a, "contentType"))));
        return new Notice(
                hit.path("_id").asString(),
                text(s, "url"),
                text(s, "siteId"),
                text(s, "title"),
                text(s, "body"),
                text(s, "publisher"),
                publishers(s),
                text(s, "indexNumber"),
                text(s, "documentNumber"),
                text(s, "subjectCategory"),
                text(s, "subjectFirst"),
                text(s, "subjectSecond"),
                text(s, "subjectSource"),
                text(s, "subjectModelVersion"),
                text(s, "genre"),
                text(s, "validity"),
                text(s, "disclosureMode"),
                text(s, "disclosureScope"),
                text(s, "writtenAt"),
                text(s, "publishedAt"),
                keywords,
                labels,
                attachments);
    }

    /** The issuers, else (a document from before the field) the whole publisher, else none. */
    private static List<String> publishers(JsonNode source) {
        List<String> issuers = new ArrayList<>();
        source.path("publishers").forEach(p -> issuers.add(p.asString()));
        String publisher = text(source, "publisher");
        if (issuers.isEmpty() && publisher != null) {
            issuers.add(publisher);
        }
        return issuers;
    }

    static List<Suggestion> suggestions(JsonNode result) {
        List<Suggestion> list = new ArrayList<>();
        result.path("hits")
                .path("hits")
                .forEach(h -> list.add(new Suggestion(
                        h.path("_id").asString(),
                        text(h.path("_source"), "title"),
                        h.path("highlight").path("title").path(0).asString(null),
                        text(h.path("_source"), "publishedAt"))));
        return list;
    }

    /**
     * The publisher facet: the per-issuer notice counts ({@code publishers}) plus, for documents indexed before that field
     * existed (until a replay writes them again), the counts of their whole {@code publisher} value
     * ({@code publisher_unsplit}, empty once every document has the field). Most notices first, then by name; as many
     * as facets.json asks of one aggregation.
     */
    static List<Bucket> publisherBuckets(JsonNode aggs) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Bucket> split = buckets(aggs.path("publisher"));
        List<Bucket> unsplit = buckets(aggs.path("publisher_unsplit").path("publisher"));
        if (unsplit.isEmpty()) {
            return split;
        }
        for (Bucket b : split) {
            counts.merge(b.value(), b.count(), Long::sum);
        }
        for (Bucket b : unsplit) {
            counts.merge(b.value(), b.count(), Long::sum);
        }
        int limit = Math.max(split.size(), unsplit.size());
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(e -> new Bucket(e.getKey(), e.getValue(), null))
                .toList();
    }

    /**
     * Most notices first, then by value. Elasticsearch orders the terms by documents (copies included), so a facet
     * value with many mirror copies can come before one with more notices; the year facet keeps its own order.
     */
    static List<Bucket> byCount(List<Bucket> buckets) {
        return buckets.stream()
                .map(b -> b.second() == null ? b : new Bucket(b.value(), b.count(), byCount(b.second())))
                .sorted(Comparator.comparingLong(Bucket::count).reversed().thenComparing(Bucket::value))
                .toList();
    }

    private static List<Bucket> buckets(JsonNode aggregation) {
        List<Bucket> list = new ArrayList<>();
        aggregation.path("buckets").forEach(b -> {
            JsonNode second = b.path("second");
            JsonNode notices = b.path("notices").path("value");
            list.add(new Bucket(
                    b.path("key").asString(),
                    notices.isNumber() ? notices.asLong() : b.path("doc_count").asLong(),
                    second.isMissingNode() ? null : buckets(second)));
        });
        return list;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }
}
