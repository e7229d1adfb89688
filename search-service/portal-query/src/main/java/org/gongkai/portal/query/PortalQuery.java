package org.gongkai.portal.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request of the portal contract, filled in the way {@code docs/portal-search.md} says: every JSON string that
 * is exactly {@code "{{name}}"} is replaced by the parameter's JSON value (never spliced into text, so no value can
 * change the request's structure, and a value that itself looks like a placeholder stays text); a clause of a
 * {@code filter} array whose parameter is not given is left out (an unselected facet); any other missing parameter,
 * or a parameter the request does not have, is an {@link IllegalArgumentException} (the caller's bug). User values
 * are checked by {@link Parameter} and refused with {@link BadParameterException}.
 *
 * <p>A query file with {@code collapse} (one result per notice, its other copies in {@code inner_hits}) is paged by
 * offset, the others by {@code search_after} ({@link Paging}); {@link #next} makes the right cursor for either.
 *
 * <p>A builder: not thread-safe, one per request. The parsed query files are shared (read-only, copied per build).
 */
public final class PortalQuery {

    public static final String FULL_TEXT = "full-text";
    public static final String FACETS = "facets";
    public static final String BROWSE = "browse";
    public static final String DOCUMENT_NUMBER = "document-number";
    public static final String INDEX_NUMBER = "index-number";
    public static final String MORE_LIKE_THIS = "more-like-this";
    public static final String TITLE_SUGGEST = "title-suggest";
    public static final String NOTICE = "notice";

    /** Every query file of the contract (facets is a fragment added to full-text or browse). */
    public static final List<String> FILES =
            List.of(FULL_TEXT, FACETS, BROWSE, DOCUMENT_NUMBER, INDEX_NUMBER, MORE_LIKE_THIS, TITLE_SUGGEST, NOTICE);

    /** Largest page a caller may ask for. */
    public static final int MAX_SIZE = 100;

    /**
     * How deep a collapsed query can be paged: Elasticsearch's {@code index.max_result_window} ({@code from + size}),
     * left at its default by the index template. A cursor at or past it is a 400 (narrow the search instead).
     */
    public static final int MAX_RESULT_WINDOW = 10_000;

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Map<String, ObjectNode> LOADED = new ConcurrentHashMap<>();

    private final String name;
    private final ObjectNode template;
    private final Map<String, JsonNode> parameters = new LinkedHashMap<>();
    private boolean facets;
    private Integer size;
    private String after;
    private Paging paging;

    private PortalQuery(String name, ObjectNode template) {
        this.name = name;
        this.template = template;
    }

    /** The query file {@code name}.json (one of {@link #FILES}), read once from the class path. */
    public static PortalQuery load(String name) {
        return new PortalQuery(name, LOADED.computeIfAbsent(name, PortalQuery::read));
    }

    /**
     * A request body given as text (e.g. a variant of a query file under evaluation), filled by the same rules.
     *
     * @param name where it comes from, for messages
     * @throws IllegalArgumentException when it is not a JSON object or names a placeholder unknown to
     *     {@link Parameter}
     */
    public static PortalQuery parse(String name, String json) {
        JsonNode node = JSON.readTree(json);
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException(name + " is not a JSON object");
        }
        checkPlaceholders(name, object);
        return new PortalQuery(name, object);
    }

    /** The query file as published in {@code docs/portal-queries/}, placeholders and all (a copy). */
    public static ObjectNode file(String name) {
        return LOADED.computeIfAbsent(name, PortalQuery::read).deepCopy();
    }

    private static ObjectNode read(String name) {
        if (!FILES.contains(name)) {
            throw new IllegalArgumentException("no portal query " + name + "; there are " + FILES);
        }
        try (InputStream in = PortalQuery.class.getResourceAsStream("/portal-queries/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("portal-queries/" + name + ".json is not on the class path");
            }
            ObjectNode file = (ObjectNode) JSON.readTree(in);
            checkPlaceholders(name + ".json", file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkPlaceholders(String name, ObjectNode request) {
        for (String placeholder : Placeholders.in(request)) {
            if (Parameter.byPlaceholder(placeholder).isEmpty()) {
                throw new IllegalArgumentException(name + " has {{" + placeholder + "}}, unknown to Parameter");
            }
        }
    }

    /** Sets a single-valued parameter (text, date, notice id) after checking it. */
    public PortalQuery with(Parameter parameter, String value) {
        parameters.put(parameter.placeholder(), JSON.valueToTree(parameter.check(value)));
        return this;
    }

    /** Sets a list parameter (facet values) after checking each value. */
    public PortalQuery with(Parameter parameter, List<String> values) {
        List<String> checked = parameter.check(values);
        parameters.put(
                parameter.placeholder(),
                parameter.isList() ? JSON.valueToTree(checked) : JSON.valueToTree(checked.get(0)));
        return this;
    }

    /** Sets a parameter by its placeholder name: a {@code String} or a {@code List<String>}. */
    @SuppressWarnings("unchecked")
    public PortalQuery with(String placeholder, Object value) {
        Parameter parameter = Parameter.byPlaceholder(placeholder)
                .orElseThrow(() -> new IllegalArgumentException("no parameter " + placeholder));
        return value instanceof List<?> list ? with(parameter, (List<String>) list) : with(parameter, (String) value);
    }

    /** Adds {@code facets.json}: its filter clauses (those whose parameters are given) and its aggregations. */
    public PortalQuery withFacets() {
        facets = true;
        return this;
    }

    /** Overrides the file's page size: 1 to {@value #MAX_SIZE}. */
    public PortalQuery size(int value) {
        if (value < 1 || value > MAX_SIZE) {
            throw new BadParameterException("size", "must be 1 to " + MAX_SIZE + ", not " + value);
        }
        size = value;
        return this;
    }

    /** The next page: the cursor {@link #next} gave for the previous page. */
    public PortalQuery after(String cursor) {
        after = cursor;
        return this;
    }

    /** The request body for {@code POST /<read alias>/_search}. */
    public ObjectNode build() {
        ObjectNode body = template.deepCopy();
        if (facets) {
            addFacets(body);
        }
        Set<String> used = Placeholders.in(body);
        Set<String> unused = new TreeSet<>(parameters.keySet());
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(name + (facets ? " with facets" : "") + " has no parameter " + unused);
        }
        body = (ObjectNode) Placeholders.fill(name, body, parameters);
        if (size != null) {
            body.put("size", size);
        }
        // applied after filling: the cursor's values are never read for placeholders
        paging = Paging.apply(name, body, after);
        return body;
    }

    /**
     * The cursor of the page after {@code result} (the answer to the last {@link #build()}), or null on the last
     * page: a page shorter than asked for, or the end of {@link #MAX_RESULT_WINDOW} for a collapsed query.
     */
    public String next(JsonNode result) {
        if (paging == null) {
            throw new IllegalStateException("next before build");
        }
        return paging.next(result);
    }

    /** {@link #build()} as JSON text. */
    public String toJson() {
        return JSON.writeValueAsString(build());
    }

    private static void addFacets(ObjectNode body) {
        ObjectNode fragment = LOADED.computeIfAbsent(FACETS, PortalQuery::read);
        ObjectNode query = (ObjectNode) body.get("query");
        if (!query.has("bool")) {
            ObjectNode bool = JSON.createObjectNode();
            bool.set("must", query.deepCopy());
            query.removeAll();
            query.set("bool", bool);
        }
        ObjectNode bool = (ObjectNode) query.get("bool");
        ArrayNode filter = bool.has("filter") ? (ArrayNode) bool.get("filter") : bool.putArray("filter");
        fragment.get("filter").forEach(clause -> filter.add(clause.deepCopy()));
        // next to the file's own aggregations (the notice count of a collapsed query)
        ObjectNode aggs = body.has("aggs") ? (ObjectNode) body.get("aggs") : body.putObject("aggs");
        fragment.get("aggs")
                .properties()
                .forEach(e -> aggs.set(e.getKey(), e.getValue().deepCopy()));
    }
}
