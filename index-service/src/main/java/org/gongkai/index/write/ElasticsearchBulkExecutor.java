package org.gongkai.index.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * {@link BulkExecutor} over the low-level REST client: the NDJSON body is sent from the operations' pre-serialised
 * documents as they are, each after its action line ({@link BulkBody}: no copy into one buffer), and the response
 * is read with a streaming
 * parser, asking Elasticsearch ({@code filter_path}) for only what decides an item's outcome: its status and, when it
 * failed, its error. (The typed client built an object per operation and parsed every field of every item.)
 *
 * <p>Documents go to the write alias with {@code require_alias} (so a missing alias is an error, never an
 * auto-created index), or, while replaying for a migration, to the new concrete index (which exists before the
 * listener starts); index operations carry external versions, deletes from tombstones with a version too, plain
 * deletes otherwise.
 *
 * <p>A request refused as a whole with an Elasticsearch error ({@code {"error":{...},"status":N}}, e.g. a missing
 * alias, a write block, a full queue) yields that status and error for every item; a response that is not
 * Elasticsearch's JSON, or that answers a different number of items than were sent, is treated as no response
 * ({@link IOException}).
 *
 * <p>Thread-safe: a request's body is its own and immutable, so a request abandoned without answer (e.g. on an
 * interrupt) shares nothing with the next.
 */
public final class ElasticsearchBulkExecutor implements BulkExecutor {

    /** What the bulk response is cut down to: per item only status and error; a whole-request error. */
    static final String FILTER_PATH = "errors,items.*.status,items.*.error,error,status";

    /** Longest reason kept per cause, in characters. */
    static final int MAX_CAUSE_REASON = 300;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private final RestClient client;
    private final String endpoint;
    private final boolean alias;
    private final RequestOptions options;

    /** Writes to {@code writeAlias}, which must be an alias. */
    public ElasticsearchBulkExecutor(RestClient client, String writeAlias) {
        this(client, writeAlias, true);
    }

    /**
     * @param target the write alias, or a concrete index (replay of a migration)
     * @param alias  whether {@code target} is an alias; requests then fail rather than auto-create an index
     */
    public ElasticsearchBulkExecutor(RestClient client, String target, boolean alias) {
        this(client, target, alias, null);
    }

    /**
     * @param timeouts the bulk requests' own connect and socket timeouts; {@code null}: the client's
     */
    public ElasticsearchBulkExecutor(RestClient client, String target, boolean alias, Timeouts timeouts) {
        this.client = client;
        this.endpoint = "/" + target + "/_bulk";
        this.alias = alias;
        RequestOptions.Builder options = RequestOptions.DEFAULT.toBuilder().addHeader("Accept", "application/json");
        if (timeouts != null) {
            // a request's RequestConfig replaces the client's whole default, so the connect timeouts are set again
            int connect = Math.toIntExact(timeouts.connect().toMillis());
            options.setRequestConfig(RequestConfig.custom()
                    .setConnectTimeout(connect)
                    .setConnectionRequestTimeout(connect)
                    .setSocketTimeout(Math.toIntExact(timeouts.socket().toMillis()))
                    .build());
        }
        this.options = options.build();
    }

    /**
     * Timeouts of the bulk requests: {@code connect} to open a connection (and to lease one from the pool),
     * {@code socket} for the answer (the bulk's own, {@code gongkai.index.bulk.request-timeout}).
     */
    public record Timeouts(Duration connect, Duration socket) {}

    @Override
    public List<ItemResult> execute(List<IndexOperation> operations) throws IOException {
        Request request = new Request("POST", endpoint);
        request.addParameter("filter_path", FILTER_PATH);
        if (alias) {
            request.addParameter("require_alias", "true");
        }
        request.setOptions(options);
        request.setEntity(BulkBody.of(operations));
        Response response;
        try {
            response = client.performRequest(request);
        } catch (ResponseException e) {
            response = e.getResponse();
        }
        return results(response.getStatusLine().getStatusCode(), response.getEntity(), operations.size());
    }

    /**
     * The item results of a response with HTTP {@code status}, streamed from {@code entity}.
     *
     * @throws IOException when the response is not Elasticsearch's JSON or answers a different number of items
     */
    static List<ItemResult> results(int status, HttpEntity entity, int operations) throws IOException {
        if (entity == null) {
            throw new IOException("bulk response with status " + status + " and no body");
        }
        List<ItemResult> items = null;
        JsonNode error = null;
        try (InputStream in = entity.getContent();
                JsonParser parser = FACTORY.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("bulk response with status " + status + " is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "items" -> items = items(parser, operations);
                    case "error" -> error = JSON.readTree(parser);
                    default -> parser.skipChildren();
                }
            }
        }
        if (status < 200 || status >= 300 || (items == null && error != null)) {
            if (error == null) {
                throw new IOException("bulk response with status " + status + " and no error");
            }
            ItemResult whole = error.isObject()
                    ? new ItemResult(status, error.path("type").asText(null), describe(error), true)
                    : new ItemResult(status, null, error.asText(), true);
            return Collections.nCopies(operations, whole);
        }
        int answered = items == null ? 0 : items.size();
        if (answered != operations) {
            // which items were written is unknown: as good as no answer, so they are retried (external versions make
            // a repeated write harmless), never dead-lettered
            throw new IOException("bulk answered " + answered + " items for " + operations + " operations");
        }
        return items;
    }

    /** Reads the {@code items} array: per item {@code {"<action>":{"status":N,"error":{...}}}}. */
    private static List<ItemResult> items(JsonParser parser, int expected) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("bulk response items are not an array");
        }
        List<ItemResult> items = new ArrayList<>(expected);
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            int status = -1;
            ItemResult failed = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) { // the action: index, delete, ...
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                JsonNode error = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("status".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                        status = parser.getIntValue();
                    } else if ("error".equals(field)) {
                        error = JSON.readTree(parser);
                    } else {
                        parser.skipChildren();
                    }
                }
                if (error != null && !error.isNull()) {
                    failed = error.isObject()
                            ? new ItemResult(status, error.path("type").asText(null), describe(error))
                            : new ItemResult(status, null, error.asText());
                }
            }
            if (status < 0) {
                throw new IOException("bulk response item " + items.size() + " without status");
            }
            items.add(failed != null ? failed : ItemResult.ok(status));
        }
        return items;
    }

    /**
     * {@code type: reason}, followed by its causes ({@code caused_by}). Each reason is cut to
     * {@value #MAX_CAUSE_REASON} characters: Elasticsearch quotes field values in them, which would push the root
     * cause out of a dead letter's header.
     */
    static String describe(JsonNode error) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (JsonNode e = error; e != null && e.isObject() && depth < 5; e = e.get("caused_by"), depth++) {
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(e.path("type").asText(null))
                    .append(": ")
                    .append(shorten(e.path("reason").asText(null)));
        }
        return text.toString();
    }

    private static String shorten(String reason) {
        if (reason == null || reason.codePointCount(0, reason.length()) <= MAX_CAUSE_REASON) {
            return reason;
        }
        return reason.substring(0, reason.offsetByCodePoints(0, MAX_CAUSE_REASON)) + "…";
    }
}
