package org.gongkai.index.write;

import java.util.Set;

/**
 * What an item result means for its operation.
 *
 * <ul>
 *   <li>2xx: done. A delete of a missing document (404 without error) is done too.
 *   <li>409: stale. Elasticsearch holds an equal or newer external version; that is what external versioning is
 *       for, so it counts as success.
 *   <li>400 and 413 (mapping and parsing errors, immense terms, oversized documents): rejected, the event itself is
 *       at fault and goes to the dead-letter topic.
 *   <li>Everything else is retried: 429, 5xx, no response, and faults of the infrastructure rather than of the
 *       event, whatever their status: a missing index or alias, a closed or write-blocked index, refused
 *       credentials. Dead-lettering events for those would empty the stream into the DLT.
 * </ul>
 */
public enum ItemOutcome {
    INDEXED,
    DELETED,
    STALE,
    RETRY,
    REJECTED;

    /** Error types that say "not now" about the cluster or index, not "never" about the document. */
    private static final Set<String> INFRASTRUCTURE_ERRORS = Set.of(
            "cluster_block_exception",
            "index_closed_exception",
            "index_not_found_exception",
            "unavailable_shards_exception",
            "es_rejected_execution_exception",
            "circuit_breaking_exception");

    public static ItemOutcome of(IndexOperation.Kind kind, ItemResult result) {
        int status = result.status();
        if (status >= 200 && status < 300) {
            return kind == IndexOperation.Kind.INDEX ? INDEXED : DELETED;
        }
        if (status == 409) {
            return STALE;
        }
        if (status == 404 && kind == IndexOperation.Kind.DELETE && result.errorType() == null) {
            return DELETED;
        }
        if ((status == 400 || status == 413) && !INFRASTRUCTURE_ERRORS.contains(result.errorType())) {
            return REJECTED;
        }
        return RETRY;
    }

    /**
     * Whether a result that is retried is nevertheless the fault of this one item: Elasticsearch answered the request
     * and, for this item, a server error (500 and the like) that is none of the infrastructure's. Such an item keeps
     * failing however often it is retried, so after the retry budget it is dead-lettered instead of blocking its
     * partition (the rest of its request was written).
     */
    public static boolean itemFault(ItemResult result) {
        return !result.wholeRequest()
                && result.status() >= 500
                && result.status() != 503
                && !INFRASTRUCTURE_ERRORS.contains(result.errorType());
    }

    /** Metric tag for why an item is retried. */
    public static String retryCause(ItemResult result) {
        int status = result.status();
        String type = result.errorType();
        if (status == ItemResult.NO_RESPONSE) {
            return "timeout".equals(type) ? "timeout" : "unreachable";
        }
        if ("cluster_block_exception".equals(type) || "index_closed_exception".equals(type)) {
            return "blocked";
        }
        if ("index_not_found_exception".equals(type) || status == 404) {
            return "index-missing";
        }
        if (status == 429) {
            return "too-many-requests";
        }
        if (status == 408) {
            return "timeout";
        }
        if (status == 401 || status == 403) {
            return "forbidden";
        }
        return status >= 500 ? "server-error" : "other";
    }
}
