package org.gongkai.index.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A portal query from {@code docs/portal-queries/}, filled in the way {@code docs/portal-search.md} tells a portal
 * to: every JSON string that is exactly {@code "{{name}}"} is replaced by the parameter's JSON value; a clause of a
 * {@code filter} array whose parameter is not given is left out (an unselected facet); any other missing
 * parameter is an error. Not thread-safe (a builder).
 */
final class PortalQuery {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final ObjectNode request;
    private final Map<String, JsonNode> parameters = new LinkedHashMap<>();
    private JsonNode facets;
    private JsonNode searchAfter;

    private PortalQuery(ObjectNode request) {
        this.request = request;
    }

    /** The query file {@code name}.json of the repository's {@code docs/portal-queries/}. */
    static PortalQuery load(String name) {
        return new PortalQuery((ObjectNode) read(name));
    }

    static Path directory() {
        return Path.of(System.getProperty("gongkai.repo", "..")).resolve("docs/portal-queries");
    }

    static JsonNode read(String name) {
        try {
            return JSON.readTree(Files.readString(directory().resolve(name + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PortalQuery with(String name, Object value) {
        parameters.put(name, JSON.valueToTree(value));
        return this;
    }

    /** Adds {@code facets.json}: its filter clauses (those whose parameters are given) and its aggregations. */
    PortalQuery withFacets() {
        facets = read("facets");
        return this;
    }

    /** The next page: the sort values of the previous page's last hit. */
    PortalQuery after(JsonNode sortValues) {
        searchAfter = sortValues;
        return this;
    }

    /** The request body to send to {@code POST /notices/_search}. */
    ObjectNode build() {
        ObjectNode body = request.deepCopy();
        if (facets != null) {
            ObjectNode query = (ObjectNode) body.get("query");
            if (!query.has("bool")) {
                ObjectNode bool = JSON.createObjectNode();
                bool.set("must", query.deepCopy());
                query.removeAll();
                query.set("bool", bool);
            }
            ObjectNode bool = (ObjectNode) query.get("bool");
            ArrayNode filter = bool.has("filter") ? (ArrayNode) bool.get("filter") : bool.putArray("filter");
            facets.get("filter").forEach(clause -> filter.add(clause.deepCopy()));
            body.set("aggs", facets.get("aggs").deepCopy());
        }
        if (searchAfter != null) {
            body.set("search_after", searchAfter);
        }
        return (ObjectNode) fill(body);
    }

    private JsonNode fill(JsonNode node) {
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            if (m.matches()) {
                JsonNode value = parameters.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("no value for " + node.asText());
                }
                return value;
            }
            return node;
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("filter") && field.getValue().isArray()) {
                    ArrayNode kept = JSON.createArrayNode();
                    field.getValue().forEach(clause -> {
                        if (placeholdersGiven(clause)) {
                            kept.add(fill(clause));
                        }
                    });
                    field.setValue(kept);
                } else {
                    field.setValue(fill(field.getValue()));
                }
            }
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, fill(array.get(i)));
            }
        }
        return node;
    }

    private boolean placeholdersGiven(JsonNode node) {
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            return !m.matches() || parameters.containsKey(m.group(1));
        }
        for (JsonNode child : node) {
            if (!placeholdersGiven(child)) {
                return false;
            }
        }
        return true;
    }
}
