package org.gongkai.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks event JSON against the contract's JSON Schema files ({@code /schemas/NAME.schema.json} on the class
 * path, shipped by the event-contract module), so every producer's tests can prove what they publish.
 *
 * <p>Two readings of one schema. {@link #errors} is the published schema as a third-party consumer validates with
 * it: unknown properties are allowed at every level, because the contract lets producers add optional fields
 * within a schema version. {@link #strictErrors} and {@link #assertValid} are for the project's own producers: the
 * same schema with {@code "additionalProperties": false} added to every object that declares {@code properties}
 * and says nothing about others, so a field a producer emits but the schema does not describe (a new record
 * component, a misspelt name) fails the producer's tests instead of shipping undocumented.
 */
public final class EventSchemas {

    public static final String RAW_NOTICE_V1 = "raw-notice-v1";
    public static final String ENRICHED_NOTICE_V1 = "enriched-notice-v1";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(com.networknt.schema.SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    .build()));
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final Map<String, Schema> STRICT_SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {}

    /**
     * Validation errors of {@code json} against the published schema {@code name} (unknown properties allowed, as
     * a consumer reads); empty when valid.
     */
    public static List<String> errors(String name, byte[] json) {
        return messages(SCHEMAS.computeIfAbsent(name, n -> REGISTRY.getSchema(tree(n))), json);
    }

    /**
     * Validation errors of {@code json} against schema {@code name} read strictly: every property an object has
     * must be declared by the schema (see the class comment); empty when valid.
     */
    public static List<String> strictErrors(String name, byte[] json) {
        return messages(STRICT_SCHEMAS.computeIfAbsent(name, n -> REGISTRY.getSchema(strict(tree(n)))), json);
    }

    /**
     * Asserts that {@code json}, produced by one of the project's services, is valid against schema {@code name}
     * read strictly ({@link #strictErrors}): valid against the published schema, and describes nothing it leaves
     * out.
     */
    public static void assertValid(String name, byte[] json) {
        assertThat(strictErrors(name, json))
                .as(
                        "%s against %s (strict: undeclared properties refused)",
                        new String(json, StandardCharsets.UTF_8), name)
                .isEmpty();
    }

    private static List<String> messages(Schema schema, byte[] json) {
        List<Error> errors = schema.validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON);
        return errors.stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
                .toList();
    }

    /** The schema file {@code name} as a tree (a fresh copy: {@link #closed} changes it). */
    public static JsonNode tree(String name) {
        String path = "/schemas/" + name + ".schema.json";
        try (InputStream in = EventSchemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema " + path + " on the class path");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The strict reading of a schema tree, under an {@code $id} of its own so the registry never mixes the two. */
    private static JsonNode strict(JsonNode schema) {
        ObjectNode root = (ObjectNode) closed(schema);
        if (root.has("$id")) {
            root.put("$id", root.get("$id").asString() + ":strict");
        }
        return root;
    }

    /**
     * Adds {@code "additionalProperties": false} to every object schema in {@code node} that declares
     * {@code properties} and has no {@code additionalProperties} of its own (maps such as {@code labels} keep
     * theirs).
     */
    private static JsonNode closed(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties")
                    && object.get("properties").isObject()
                    && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            for (JsonNode child : object.values()) {
                closed(child);
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode child : array.values()) {
                closed(child);
            }
        }
        return node;
    }
}
