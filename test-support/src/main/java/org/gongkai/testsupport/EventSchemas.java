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

/**
 * Checks event JSON against the contract's JSON Schema files ({@code /schemas/NAME.schema.json} on the class
 * path, shipped by the event-contract module), so every producer's tests can prove what they publish.
 */
public final class EventSchemas {

    public static final String RAW_NOTICE_V1 = "raw-notice-v1";
    public static final String ENRICHED_NOTICE_V1 = "enriched-notice-v1";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(com.networknt.schema.SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    .build()));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {}

    /** Validation errors of {@code json} against schema {@code name}; empty when valid. */
    public static List<String> errors(String name, byte[] json) {
        List<Error> errors = schema(name).validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON);
        return errors.stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
                .toList();
    }

    /** Asserts that {@code json} is valid against schema {@code name}. */
    public static void assertValid(String name, byte[] json) {
        assertThat(errors(name, json))
                .as("%s against %s", new String(json, StandardCharsets.UTF_8), name)
                .isEmpty();
    }

    private static Schema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            String path = "/schemas/" + n + ".schema.json";
            try (InputStream in = EventSchemas.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalArgumentException("no schema " + path + " on the class path");
                }
                return REGISTRY.getSchema(in, InputFormat.JSON);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
