package org.gongkai.index.bulk;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link BulkExecutor} over the Elasticsearch client: documents are sent as pre-serialised JSON to the write alias
 * with {@code require_alias} (so a missing alias is an error, never an auto-created index), or, while replaying for
 * a migration, to the new concrete index (which exists before the listener starts), external versions for
 * index operations and for deletes from tombstones that carry a version, plain deletes for the others. Thread-safe.
 */
public final class ElasticsearchBulkExecutor implements BulkExecutor {

    private final ElasticsearchClient client;
    private final String target;
    private final boolean alias;

    /** Writes to {@code writeAlias}, which must be an alias. */
    public ElasticsearchBulkExecutor(ElasticsearchClient client, String writeAlias) {
        this(client, writeAlias, true);
    }

    /**
     * @param target the write alias, or a concrete index (replay of a migration)
     * @param alias  whether {@code target} is an alias; requests then fail rather than auto-create an index
     */
    public ElasticsearchBulkExecutor(ElasticsearchClient client, String target, boolean alias) {
        this.client = client;
        this.target = target;
        this.alias = alias;
    }

    @Override
    public List<ItemResult> execute(List<IndexOperation> operations) throws IOException {
        List<BulkOperation> body = new ArrayList<>(operations.size());
        for (IndexOperation op : operations) {
            body.add(
                    switch (op.kind()) {
                        case INDEX ->
                            BulkOperation.of(b -> b.index(i -> i.id(op.id())
                                    .version(op.version())
                                    .versionType(VersionType.External)
                                    .document(BinaryData.of(op.source(), ContentType.APPLICATION_JSON))));
                        case DELETE ->
                            op.versioned()
                                    ? BulkOperation.of(b -> b.delete(d ->
                                            d.id(op.id()).version(op.version()).versionType(VersionType.External)))
                                    : BulkOperation.of(b -> b.delete(d -> d.id(op.id())));
                    });
        }
        BulkResponse response;
        try {
            response = client.bulk(
                    BulkRequest.of(r -> r.index(target).requireAlias(alias).operations(body)));
        } catch (ElasticsearchException e) {
            ItemResult whole = new ItemResult(e.status(), e.error().type(), describe(e.error()));
            return Collections.nCopies(operations.size(), whole);
        }
        List<BulkResponseItem> items = response.items();
        if (items.size() != operations.size()) {
            throw new IllegalStateException(
                    "bulk answered " + items.size() + " items for " + operations.size() + " operations");
        }
        List<ItemResult> results = new ArrayList<>(items.size());
        for (BulkResponseItem item : items) {
            ErrorCause error = item.error();
            results.add(
                    error == null
                            ? ItemResult.ok(item.status())
                            : new ItemResult(item.status(), error.type(), describe(error)));
        }
        return results;
    }

    /**
     * {@code type: reason}, followed by its causes. Each reason is cut to {@value #MAX_CAUSE_REASON} characters:
     * Elasticsearch quotes field values in them, which would push the root cause out of a dead letter's header.
     */
    static String describe(ErrorCause error) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (ErrorCause e = error; e != null && depth < 5; e = e.causedBy(), depth++) {
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(e.type()).append(": ").append(shorten(e.reason()));
        }
        return text.toString();
    }

    static final int MAX_CAUSE_REASON = 300;

    private static String shorten(String reason) {
        if (reason == null || reason.codePointCount(0, reason.length()) <= MAX_CAUSE_REASON) {
            return reason;
        }
        return reason.substring(0, reason.offsetByCodePoints(0, MAX_CAUSE_REASON)) + "…";
    }
}
