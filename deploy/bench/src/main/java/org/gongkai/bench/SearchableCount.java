package org.gongkai.bench;

import tools.jackson.databind.JsonNode;

/**
 * The documents a search through an alias finds ({@code _count}: refreshed documents only), less those it found the
 * first time asked: what Elasticsearch made searchable since. Set beside the searchable poller's finds it says which
 * one holds a stall: if this grows while the poller finds nothing, the poller; if neither grows, the index or its
 * refresh. Used by one thread (the timeline's).
 */
final class SearchableCount {

    private final Elastic es;
    private final String alias;
    /** The first answer's count, NaN until one came. */
    private double first = Double.NaN;

    SearchableCount(Elastic es, String alias) {
        this.es = es;
        this.alias = alias;
    }

    /** Documents searchable now less those at the first answer (0 at it); NaN when the count fails. */
    double sinceFirst() {
        try {
            JsonNode count = es.json("GET", "/" + alias + "/_count", null).path("count");
            if (!count.isNumber()) {
                return Double.NaN;
            }
            if (Double.isNaN(first)) {
                first = count.asDouble();
            }
            return count.asDouble() - first;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
