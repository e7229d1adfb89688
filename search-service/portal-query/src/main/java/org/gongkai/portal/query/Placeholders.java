package org.gongkai.portal.query;

import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The placeholders of a request: every JSON string that is exactly {@code "{{name}}"}. Filling replaces each by its
 * parameter's JSON value (never spliced into text) and leaves out a clause of a {@code filter} array whose
 * parameters are not all given. Stateless; filling changes the node given (pass a copy).
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private Placeholders() {}

    /**
     * {@code node} filled with {@code parameters} (by placeholder name).
     *
     * @throws IllegalArgumentException when a placeholder outside an optional filter clause has no value
     */
    static JsonNode fill(String name, JsonNode node, Map<String, JsonNode> parameters) {
        if (node.isString()) {
            Matcher m = PLACEHOLDER.matcher(node.stringValue());
            if (m.matches()) {
                JsonNode value = parameters.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException(name + ": no value for " + node.stringValue());
                }
                return value.deepCopy();
            }
            return node;
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> field : new ArrayList<>(object.properties())) {
                JsonNode value = field.getValue();
                if (field.getKey().equals("filter") && value.isArray()) {
                    ArrayNode kept = PortalQuery.JSON.createArrayNode();
                    value.forEach(clause -> {
                        if (parameters.keySet().containsAll(in(clause))) {
                            kept.add(fill(name, clause, parameters));
                        }
                    });
                    object.set(field.getKey(), kept);
                } else {
                    object.set(field.getKey(), fill(name, value, parameters));
                }
            }
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, fill(name, array.get(i), parameters));
            }
        }
        return node;
    }

    static Set<String> in(JsonNode node) {
        Set<String> found = new TreeSet<>();
        collect(node, found);
        return found;
    }

    private static void collect(JsonNode node, Set<String> found) {
        if (node.isString()) {
            Matcher m = PLACEHOLDER.matcher(node.stringValue());
            if (m.matches()) {
                found.add(m.group(1));
            }
            return;
        }
        for (JsonNode child : node) {
            collect(child, found);
        }
    }
}
