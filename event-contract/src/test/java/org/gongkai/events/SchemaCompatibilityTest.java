package org.gongkai.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.gongkai.testsupport.EventSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published schemas follow the contract's compatibility rule (consumers ignore unknown fields), while the
 * project's producers are still held to the fields the schemas declare.
 */
class SchemaCompatibilityTest {

    /** Objects of an enriched notice where a producer may add an optional field within schema version 1. */
    private static final List<String> ENRICHED_OBJECTS = List.of(
            "",
            "/metadata",
            "/attachments/0",
            "/details",
            "/details/publisher",
            "/details/identity",
            "/subject",
            "/subject/predicted",
            "/subject/topTerms/0");

    private static EnrichedNotice fullEnriched() {
        return TestEvents.with(EventCodecTest.enriched(), EventCodecTest.details(), EventCodecTest.subject());
    }

    private static byte[] withAddedField(byte[] json, List<String> pointers) {
        JsonNode tree = EventCodec.instance().mapper().readTree(json);
        for (String pointer : pointers) {
            JsonNode target = tree.at(pointer);
            assertThat(target.isObject()).as("%s is an object", pointer).isTrue();
            ((ObjectNode) target).put("addedInAFutureRelease", "值");
        }
        return EventCodec.instance().mapper().writeValueAsBytes(tree);
    }

    @Test
    void thirdPartyValidatingWithThePublishedSchemaAcceptsCompatibleAdditionsAtEveryLevel() {
        byte[] json = withAddedField(EventCodec.instance().write(fullEnriched()), ENRICHED_OBJECTS);

        assertThat(EventSchemas.errors(EventSchemas.ENRICHED_NOTICE_V1, json)).isEmpty();
        assertThat(EventCodec.instance().readEnriched(json)).isEqualTo(fullEnriched());
    }

    @Test
    void rawNoticeWithCompatibleAdditionsIsValidAndReadable() {
        RawNotice raw = EventCodecTest.raw();
        byte[] json = withAddedField(EventCodec.instance().write(raw), List.of("", "/attachments/0"));

        assertThat(EventSchemas.errors(EventSchemas.RAW_NOTICE_V1, json)).isEmpty();
        assertThat(EventCodec.instance().readRaw(json).noticeId()).isEqualTo(raw.noticeId());
    }

    @Test
    void aRawNoticeFromADeclaredMirrorSaysSoAndAnEventWithoutTheFieldIsReadAsFromNoMirror() {
        RawNotice mirror = EventCodecTest.raw().asMirror();
        byte[] json = EventCodec.instance().write(mirror);

        EventSchemas.assertValid(EventSchemas.RAW_NOTICE_V1, json);
        assertThat(EventCodec.instance().readRaw(json).mirror()).isTrue();

        ObjectNode older = (ObjectNode) EventCodec.instance().mapper().readTree(json);
        older.remove("mirror");
        byte[] withoutField = EventCodec.instance().mapper().writeValueAsBytes(older);
        assertThat(EventSchemas.errors(EventSchemas.RAW_NOTICE_V1, withoutField))
                .isEmpty();
        assertThat(EventCodec.instance().readRaw(withoutField))
                .usingRecursiveComparison()
                .isEqualTo(EventCodecTest.raw());
    }

    @Test
    void theMirrorFieldOfARawNoticeIsABoolean() {
        ObjectNode tree = (ObjectNode)
                EventCodec.instance().mapper().readTree(EventCodec.instance().write(EventCodecTest.raw()));
        tree.put("mirror", "yes");

        assertThat(EventSchemas.errors(
                        EventSchemas.RAW_NOTICE_V1,
                        EventCodec.instance().mapper().writeValueAsBytes(tree)))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("/mirror");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/metadata", "/details/publisher", "/subject/predicted", "/attachments/0"})
    void producerChecksStillRefuseAFieldTheSchemaDoesNotDeclare(String pointer) {
        byte[] json = withAddedField(EventCodec.instance().write(fullEnriched()), List.of(pointer));

        assertThat(EventSchemas.strictErrors(EventSchemas.ENRICHED_NOTICE_V1, json))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("addedInAFutureRelease")
                .startsWith(pointer + ": ");
    }

    @Test
    void compatibleAdditionsDoNotOpenTheDoorToBrokenShapes() {
        byte[] json = withAddedField(EventCodec.instance().write(fullEnriched()), ENRICHED_OBJECTS);
        String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);

        assertThat(EventSchemas.errors(
                        EventSchemas.ENRICHED_NOTICE_V1,
                        text.replace("\"basis\":\"index_number\"", "\"basis\":\"guess\"")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isNotEmpty();
        assertThat(EventSchemas.errors(
                        EventSchemas.ENRICHED_NOTICE_V1,
                        text.replace("\"schemaVersion\":1", "\"schemaVersion\":2")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {EventSchemas.RAW_NOTICE_V1, EventSchemas.ENRICHED_NOTICE_V1})
    void publishedSchemasCloseNoObject(String name) {
        List<String> closed = new ArrayList<>();
        collectClosed(EventSchemas.tree(name), "#", closed);

        assertThat(closed)
                .as("objects with \"additionalProperties\": false in %s", name)
                .isEmpty();
    }

    private static void collectClosed(JsonNode node, String path, List<String> closed) {
        if (node instanceof ObjectNode object) {
            JsonNode additional = object.get("additionalProperties");
            if (additional != null && additional.isBoolean() && !additional.booleanValue()) {
                closed.add(path);
            }
            object.properties().forEach(e -> collectClosed(e.getValue(), path + "/" + e.getKey(), closed));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                collectClosed(array.get(i), path + "/" + i, closed);
            }
        }
    }
}
