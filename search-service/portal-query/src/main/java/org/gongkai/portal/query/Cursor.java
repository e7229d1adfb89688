package org.gongkai.portal.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The paging cursor handed to a portal, base64url of JSON, of one of two kinds. For a query without {@code collapse}:
 * the {@code sort} values of a page's last hit (a JSON array, {@code search_after} underneath). For a collapsed query
 * (one result per notice), which Elasticsearch cannot page with {@code search_after} on other keys than the collapse
 * field: the offset of the next page ({@code {"from":20}}). Opaque to the user, but not a secret: decoding checks its
 * shape (an array of numbers and strings, as many as the query's sort keys; or one non-negative offset), so a forged
 * cursor, or one of the other kind, is a 400, never a changed query.
 */
public final class Cursor {

    /** Longer cursors are refused unread: three sort values fit in well under 200 characters. */
    static final int MAX_LENGTH = 1024;

    private static final String FROM = "from";

    private Cursor() {}

    /** The cursor after {@code hit} (an Elasticsearch hit with a {@code sort} array), or null without one. */
    public static String after(JsonNode hit) {
        JsonNode sort = hit.get("sort");
        if (sort == null || !sort.isArray()) {
            return null;
        }
        byte[] json = PortalQuery.JSON.writeValueAsBytes(sort);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    /** The cursor of the page that starts at result {@code from} (0-based) of a collapsed query. */
    public static String offset(int from) {
        byte[] json = PortalQuery.JSON.writeValueAsBytes(
                PortalQuery.JSON.createObjectNode().put(FROM, from));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    /** The offset in {@code cursor}, checked to be one non-negative integer. */
    static int decodeOffset(String cursor) {
        JsonNode value = read(cursor);
        JsonNode from = value.get(FROM);
        if (!value.isObject() || value.size() != 1 || from == null || !from.canConvertToInt() || from.intValue() < 0) {
            throw new BadParameterException("after", "is not a cursor of this query");
        }
        return from.intValue();
    }

    /** The sort values in {@code cursor}, checked to be {@code keys} scalars. */
    static ArrayNode decode(String cursor, int keys) {
        JsonNode values = read(cursor);
        if (values == null || !values.isArray() || values.size() != keys) {
            throw new BadParameterException("after", "is not a cursor of this query");
        }
        for (JsonNode value : values) {
            if (!(value.isNumber() || value.isString())) {
                throw new BadParameterException("after", "is not a cursor of this query");
            }
        }
        return (ArrayNode) values;
    }

    private static JsonNode read(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            throw new BadParameterException("after", "must not be empty");
        }
        if (cursor.length() > MAX_LENGTH) {
            throw new BadParameterException("after", "is not a cursor of this service (too long)");
        }
        JsonNode value;
        try {
            byte[] json = Base64.getUrlDecoder().decode(cursor.strip());
            value = PortalQuery.JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JacksonException e) {
            throw new BadParameterException("after", "is not a cursor of this service");
        }
        if (value == null) {
            throw new BadParameterException("after", "is not a cursor of this service");
        }
        return value;
    }
}
