package org.gongkai.local;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The create-index bodies of the two evaluation indices, derived from the installed notice index template:
 *
 * <ul>
 *   <li>{@link #plugin}: the template's settings and mappings as they are (the analysis plugin's analyzers);
 *   <li>{@link #standard}: the same with every {@code analyzer}, {@code search_analyzer} and {@code
 *       search_quote_analyzer} that names a plugin component ({@value #PLUGIN_PREFIX}…) or an analyzer defined in
 *       the template's analysis settings replaced by {@code standard}, every {@code normalizer} removed, and the
 *       analysis settings removed. The plugin's identifier analyzer ({@value #IDENTIFIER_ANALYZER}: the whole value
 *       as one folded token) becomes {@code keyword} instead: without the plugin an identifier is matched exactly,
 *       as a keyword field without a normalizer would be; {@code standard} would cut it into single characters
 *       that match unrelated notices.
 * </ul>
 *
 * Pure functions on JSON trees (inputs are not modified); thread-safe.
 */
public final class EvaluationIndices {

    /** Prefix of the names the analysis plugin registers. */
    public static final String PLUGIN_PREFIX = "gongkai_";

    /** The plugin's one-token analyzer for document and index numbers. */
    public static final String IDENTIFIER_ANALYZER = "gongkai_identifier";

    private static final List<String> ANALYZER_KEYS = List.of("analyzer", "search_analyzer", "search_quote_analyzer");

    private EvaluationIndices() {}

    /**
     * The body of {@code PUT <index>} with the template's settings and mappings unchanged.
     *
     * @param indexTemplate the {@code index_template} object of {@code GET _index_template/<name>}
     */
    public static ObjectNode plugin(JsonNode indexTemplate) {
        JsonNode template = template(indexTemplate);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("settings", template.path("settings").deepCopy());
        body.set("mappings", template.path("mappings").deepCopy());
        return body;
    }

    /** The body of {@code PUT <index>} with the standard analyzer in place of the template's analysis. */
    public static ObjectNode standard(JsonNode indexTemplate) {
        ObjectNode body = plugin(indexTemplate);
        ObjectNode settings = (ObjectNode) body.get("settings");
        Set<String> defined = new HashSet<>();
        collectDefinedAnalyzers(settings.path("analysis"), defined);
        collectDefinedAnalyzers(settings.path("index").path("analysis"), defined);
        settings.remove("analysis");
        if (settings.get("index") instanceof ObjectNode index) {
            index.remove("analysis");
        }
        // Settings given as flat keys (index.analysis.analyzer.NAME.type) go the same way.
        settings.remove(settings.propertyNames().stream()
                .filter(key -> key.startsWith("index.analysis.") || key.startsWith("analysis."))
                .toList());
        replaceAnalyzers(body.get("mappings"), defined);
        return body;
    }

    private static JsonNode template(JsonNode indexTemplate) {
        JsonNode template = indexTemplate.path("template");
        if (!template.path("mappings").isObject()) {
            throw new IllegalArgumentException("not an index template with mappings: " + indexTemplate);
        }
        return template;
    }

    private static void collectDefinedAnalyzers(JsonNode analysis, Set<String> names) {
        analysis.path("analyzer").propertyNames().forEach(names::add);
    }

    private static void replaceAnalyzers(JsonNode node, Set<String> defined) {
        if (node instanceof ObjectNode object) {
            object.remove("normalizer");
            for (String key : ANALYZER_KEYS) {
                JsonNode value = object.get(key);
                if (value != null
                        && value.isString()
                        && (value.asString().startsWith(PLUGIN_PREFIX) || defined.contains(value.asString()))) {
                    object.put(key, value.asString().equals(IDENTIFIER_ANALYZER) ? "keyword" : "standard");
                }
            }
            for (Map.Entry<String, JsonNode> child : object.properties()) {
                replaceAnalyzers(child.getValue(), defined);
            }
        } else if (node != null && node.isArray()) {
            node.forEach(element -> replaceAnalyzers(element, defined));
        }
    }
}
