package org.gongkai.portal.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The paging cursor handed to a portal: the {@code sort} values of a page's last hit, as base64url of their JSON
 * array. Opaque to the user, but not a secret: decoding checks its shape (an array of numbers and strings, as many
 * as the query's sort keys), so a forged cursor is a 400, never a changed query.
 */
public final class Cursor {

    /** Longer cursors are refused unread: three sort values fit in well under 200 characters. */
    static final int MAX_LENGTH = 1024;

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

    /** The sort values in {@code cursor}, checked to be {@code keys} scalars. */
    static ArrayNode decode(String cursor, int keys) {
        if (cursor == null || cursor.isBlank()) {
            throw new BadParameterException("after", "must not be empty");
        }
        if (cursor.length() > MAX_LENGTH) {
            throw new BadParameterException("after", "is not a cursor of this service (too long)");
        }
        JsonNode values;
        try {
            byte[] json = Base64.getUrlDecoder().decode(cursor.strip());
            values = PortalQuery.JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JacksonException e) {
            throw new BadParameterException("after", "is not a cursor of this service");
        }
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
}
