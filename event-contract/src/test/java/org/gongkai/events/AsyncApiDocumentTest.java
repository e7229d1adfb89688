package org.gongkai.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code asyncapi.yaml} says what the code does: its channels are the {@link Topics}, its headers are the header
 * names declared in this module (read from the code, so a new header constant must be documented) and Spring
 * Kafka's dead-letter headers, its payloads are the schema files, and the schema files describe exactly the
 * events' record components.
 */
class AsyncApiDocumentTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern HEADER_NAME = Pattern.compile("gongkai-[a-z]+(-[a-z]+)*|traceparent");
    private static final JsonNode DOC = read("/asyncapi.yaml");

    private static JsonNode read(String path) {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream(path)) {
            assertThat(in).as("%s on the class path", path).isNotNull();
            return path.endsWith(".yaml")
                    ? YAML.readTree(in)
                    : EventCodec.instance().mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> stringConstants(Class<?> type) {
        Set<String> values = new TreeSet<>();
        for (Field field : type.getDeclaredFields()) {
            int m = field.getModifiers();
            if (Modifier.isPublic(m)
                    && Modifier.isStatic(m)
                    && Modifier.isFinal(m)
                    && field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }

    /** Every class of this module's packages ({@code org.gongkai.events} and below), main code only. */
    private static List<Class<?>> contractClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        String root = EventHeaders.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toString();
        for (Resource resource :
                new PathMatchingResourcePatternResolver().getResources("classpath*:org/gongkai/events/**/*.class")) {
            String url = resource.getURL().toString();
            if (!url.startsWith(root) || url.contains("$")) {
                continue;
            }
            String name = url.substring(url.indexOf("org/gongkai/events/"), url.length() - ".class".length());
            classes.add(Class.forName(name.replace('/', '.')));
        }
        return classes;
    }

    /** Header names declared as constants in the code: {@code gongkai-*} string constants of the contract's classes. */
    private static Set<String> headerConstants() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : contractClasses()) {
            stringConstants(type).stream()
                    .filter(v -> HEADER_NAME.matcher(v).matches())
                    .forEach(names::add);
        }
        return names;
    }

    /** Header name to the names of the header schemas that declare it. */
    private static Map<String, Set<String>> documentedHeaders() {
        Map<String, Set<String>> headers = new TreeMap<>();
        DOC.at("/components/messages").properties().forEach(message -> {
            String ref = message.getValue().at("/headers/$ref").asString();
            JsonNode schema = resolve(ref);
            schema.path("properties")
                    .propertyNames()
                    .forEach(h ->
                            headers.computeIfAbsent(h, k -> new TreeSet<>()).add(message.getKey()));
        });
        return headers;
    }

    private static JsonNode resolve(String ref) {
        assertThat(ref).startsWith("#/");
        JsonNode node = DOC.at(ref.substring(1));
        assertThat(node.isMissingNode()).as("%s resolves", ref).isFalse();
        return node;
    }

    private static Set<String> required(String message) {
        JsonNode schema = resolve(
                DOC.at("/components/messages/" + message + "/headers/$ref").asString());
        Set<String> names = new TreeSet<>();
        schema.path("required").values().forEach(n -> names.add(n.asString()));
        return names;
    }

    @Test
    void isAnAsyncApi3DocumentWhoseReferencesResolve() {
        assertThat(DOC.path("asyncapi").asString()).isEqualTo("3.0.0");
        List<String> refs = new ArrayList<>();
        collectRefs(DOC, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            if (ref.startsWith("#/")) {
                resolve(ref);
            } else {
                assertThat(AsyncApiDocumentTest.class.getResource("/" + ref.replaceFirst("^\\./", "")))
                        .as("%s next to asyncapi.yaml", ref)
                        .isNotNull();
            }
        }
        DOC.path("operations")
                .properties()
                .forEach(op -> assertThat(op.getValue().path("action").asString())
                        .as(op.getKey())
                        .isIn("send", "receive"));
    }

    @Test
    void channelsAreExactlyTheTopics() {
        Set<String> addresses = new TreeSet<>();
        DOC.path("channels")
                .values()
                .forEach(c -> addresses.add(c.path("address").asString()));

        assertThat(addresses).isEqualTo(stringConstants(Topics.class));
    }

    @Test
    void everyHeaderNamedInTheCodeIsDocumented() throws Exception {
        Set<String> constants = headerConstants();
        assertThat(constants).as("the scan finds EventHeaders").contains(EventHeaders.TRACE_ID, EventHeaders.VERSION);
        assertThat(documentedHeaders().keySet()).containsAll(constants);
    }

    @Test
    void documentedHeadersAreDeclaredInTheCodeOrBySpringKafka() throws Exception {
        Set<String> constants = headerConstants();
        Set<String> springKafka = stringConstants(KafkaHeaders.class);
        boolean deadLetterPackage =
                contractClasses().stream().anyMatch(c -> c.getPackageName().endsWith(".deadletter"));
        for (String header : documentedHeaders().keySet()) {
            if (header.startsWith("kafka_dlt-")) {
                assertThat(springKafka).as("Spring Kafka header %s", header).contains(header);
            } else if (header.startsWith("gongkai-dlt-") && !deadLetterPackage) {
                // Dead-letter header names move into org.gongkai.events.deadletter; until then the services
                // declare them, and the names are checked by their dead-letter tests.
                continue;
            } else {
                assertThat(constants)
                        .as("header %s declared in org.gongkai.events", header)
                        .contains(header);
            }
        }
    }

    @Test
    void eventsAndTombstonesCarryTheStandardHeaders() {
        Set<String> standard = Set.of(EventHeaders.TRACE_ID, EventHeaders.PRODUCER, EventHeaders.SCHEMA_VERSION);
        assertThat(required("RawNotice")).containsAll(standard);
        assertThat(required("EnrichedNotice")).containsAll(standard);
        assertThat(required("RawNoticeTombstone")).containsAll(standard).contains(EventHeaders.VERSION);
        assertThat(required("EnrichedNoticeTombstone")).containsAll(standard);
        assertThat(documentedHeaders().get(EventHeaders.VERSION)).contains("EnrichedNoticeTombstone");
        assertThat(DOC.at("/components/messages/RawNoticeTombstone/payload/type")
                        .asString())
                .isEqualTo("null");
        assertThat(DOC.at("/components/messages/EnrichedNoticeTombstone/payload/type")
                        .asString())
                .isEqualTo("null");
    }

    @Test
    void theTraceIdIsTheW3cTraceIdOfTheTraceparent() {
        String traceId = DOC.at("/components/schemas/TraceId/pattern").asString();
        String traceparent = DOC.at("/components/schemas/TraceParent/pattern").asString();
        String id = EventHeaders.newTraceId();
        assertThat(id).matches(traceId);
        String header = org.gongkai.events.trace.TraceParent.format(id, "00f067aa0ba902b7", true);
        assertThat(header).matches(traceparent);
        assertThat(org.gongkai.events.trace.TraceParent.traceId(header)).isEqualTo(id);
        assertThat(documentedHeaders().get(org.gongkai.events.trace.TraceParent.HEADER))
                .as("every message documents traceparent beside gongkai-trace-id")
                .isEqualTo(documentedHeaders().get(EventHeaders.TRACE_ID));
    }

    @Test
    void keysAreNoticeIds() {
        String pattern = DOC.at("/components/schemas/NoticeId/pattern").asString();
        assertThat(NoticeIds.fromUrl("http://www.dhq.gov.cn/xxgk/202308/t20230803_1.html"))
                .matches(pattern);
        DOC.at("/components/messages")
                .properties()
                .forEach(m -> assertThat(
                                m.getValue().at("/bindings/kafka/key/$ref").asString())
                        .as(m.getKey())
                        .isEqualTo("#/components/schemas/NoticeId"));
    }

    @Test
    void payloadsAreTheSchemaFilesAndDescribeTheRecordComponents() throws Exception {
        int checked = 0;
        for (Map.Entry<String, JsonNode> message :
                DOC.at("/components/messages").properties()) {
            JsonNode javaType = message.getValue().get("x-java-type");
            if (javaType == null) {
                continue;
            }
            Class<?> type = Class.forName(javaType.asString());
            String file =
                    message.getValue().at("/payload/schema/$ref").asString().replaceFirst("^\\./", "/");
            JsonNode schema = read(file);
            assertThat(schema.at("/properties/schemaVersion/const").asInt())
                    .as("%s schemaVersion", file)
                    .isEqualTo(type.getField("SCHEMA_VERSION").getInt(null));
            assertThat(DOC.at("/components/schemas/" + message.getKey() + "Headers/properties/"
                                    + EventHeaders.SCHEMA_VERSION + "/const")
                            .asString())
                    .isEqualTo(Integer.toString(type.getField("SCHEMA_VERSION").getInt(null)));
            List<String> mismatches = new ArrayList<>();
            compare(type, schema, schema, file + "#", mismatches);
            assertThat(mismatches)
                    .as("schema %s against %s", file, type.getName())
                    .isEmpty();
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }

    /** Records the differences between the components of {@code type} and the properties of {@code node}. */
    private static void compare(Class<?> type, JsonNode node, JsonNode root, String path, List<String> mismatches) {
        node = deref(node, root);
        Set<String> components = new TreeSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            components.add(component.getName());
        }
        Set<String> properties = new TreeSet<>(node.path("properties").propertyNames());
        if (!components.equals(properties)) {
            Set<String> missing = new TreeSet<>(components);
            missing.removeAll(properties);
            Set<String> extra = new TreeSet<>(properties);
            extra.removeAll(components);
            mismatches.add(path + " (" + type.getSimpleName() + "): not in the schema " + missing
                    + ", not in the record " + extra);
        }
        for (RecordComponent component : type.getRecordComponents()) {
            JsonNode property = node.path("properties").get(component.getName());
            if (property == null) {
                continue;
            }
            String at = path + "/properties/" + component.getName();
            if (component.getType().isRecord()) {
                compare(component.getType(), property, root, at, mismatches);
            } else if (List.class.isAssignableFrom(component.getType())) {
                Type element = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
                if (element instanceof Class<?> c && c.isRecord()) {
                    compare(c, deref(property, root).path("items"), root, at + "/items", mismatches);
                }
            }
        }
    }

    private static JsonNode deref(JsonNode node, JsonNode root) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : root.at(ref.asString().substring(1));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asString());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.values().forEach(n -> collectRefs(n, refs));
        }
    }
}
