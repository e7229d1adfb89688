package org.gongkai.portal.query;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How one built request is paged, and the cursor of the page after its answer. A query file with {@code collapse}
 * (one result per notice) is paged by offset: Elasticsearch refuses {@code search_after} with {@code collapse} unless
 * the sort is on the collapse field alone. Any other file with a {@code sort} is paged by {@code search_after} on the
 * sort values of the last hit. Immutable.
 */
final class Paging {

    private final boolean collapsed;
    private final int from;
    private final int size;

    private Paging(boolean collapsed, int from, int size) {
        this.collapsed = collapsed;
        this.from = from;
        this.size = size;
    }

    /**
     * Applies {@code after} (a cursor from {@link #next}, or null for the first page) to the filled {@code body}.
     * The last page of a collapsed query before {@link PortalQuery#MAX_RESULT_WINDOW} is cut short to fit; an offset
     * at or past it is refused, as is a cursor for a query without {@code sort} or of the other kind.
     */
    static Paging apply(String name, ObjectNode body, String after) {
        boolean collapsed = body.has("collapse");
        int size = body.path("size").asInt(10);
        if (after == null) {
            return new Paging(collapsed, 0, size);
        }
        JsonNode sort = body.get("sort");
        if (sort == null || !sort.isArray()) {
            throw new BadParameterException("after", name + " has no pages");
        }
        if (!collapsed) {
            body.set("search_after", Cursor.decode(after, sort.size()));
            return new Paging(false, 0, size);
        }
        int from = Cursor.decodeOffset(after);
        if (from >= PortalQuery.MAX_RESULT_WINDOW) {
            throw new BadParameterException(
                    "after",
                    "results past the first " + PortalQuery.MAX_RESULT_WINDOW + " cannot be paged: narrow the search");
        }
        size = Math.min(size, PortalQuery.MAX_RESULT_WINDOW - from);
        body.put("from", from);
        body.put("size", size);
        return new Paging(true, from, size);
    }

    /**
     * The cursor of the page after {@code result}, or null on the last page: a page shorter than asked for, or the
     * end of {@link PortalQuery#MAX_RESULT_WINDOW} for a collapsed query.
     */
    String next(JsonNode result) {
        JsonNode hits = result.path("hits").path("hits");
        if (hits.size() < size || size == 0) {
            return null;
        }
        if (collapsed) {
            int next = from + size;
            return next >= PortalQuery.MAX_RESULT_WINDOW ? null : Cursor.offset(next);
        }
        return Cursor.after(hits.get(hits.size() - 1));
    }
}
