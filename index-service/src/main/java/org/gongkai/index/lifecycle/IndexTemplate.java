package org.gongkai.index.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.gongkai.index.IndexNames;

/**
 * The index template of the notice indices, from the class-path resource {@value #RESOURCE}: settings and the
 * strict mapping. Immutable; {@link #forIndex} returns an adjusted copy.
 */
public final class IndexTemplate {

    public static final String RESOURCE = "/elasticsearch/notices-template.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode body;

    private IndexTemplate(ObjectNode body) {
        this.body = body;
    }

    /** Reads the template resource; fails when it is missing or not a JSON object. */
    public static IndexTemplate load() {
        try (InputStream in = IndexTemplate.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + RESOURCE);
            }
            JsonNode node = JSON.readTree(in);
            if (!(node instanceof ObjectNode object) || !object.path("template").has("mappings")) {
                throw new IllegalStateException(RESOURCE + " is not an index template with mappings");
            }
            return new IndexTemplate(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** A copy matching {@code names.indexPattern()} with {@code replicas} replicas. */
    public IndexTemplate forIndex(IndexNames names, int replicas) {
        ObjectNode copy = body.deepCopy();
        copy.putArray("index_patterns").add(names.indexPattern());
        ((ObjectNode) copy.with("template").with("settings").with("index")).put("number_of_replicas", replicas);
        return new IndexTemplate(copy);
    }

    /** The {@code mappings} object. */
    public JsonNode mappings() {
        return body.path("template").path("mappings");
    }

    /** The {@code settings} object. */
    public JsonNode settings() {
        return body.path("template").path("settings");
    }

    /** The request body of {@code PUT _index_template/NAME}. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
