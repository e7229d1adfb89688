package org.gongkai.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gongkai.index.TestNotices;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.junit.jupiter.api.Test;

class DocumentJsonTest {

    private final ObjectMapper json = ElasticsearchClients.jsonpMapper().objectMapper();
    private final DocumentJson documents = new DocumentJson(json);

    @Test
    void knowsEveryComponentOfTheDocument() {
        assertThat(names(NoticeDocument.class))
                .as("NoticeDocument changed: update DocumentJson (until then documents are written by the mapper)")
                .isEqualTo(DocumentJson.COMPONENTS);
        assertThat(names(NoticeDocument.Attachment.class)).isEqualTo(DocumentJson.ATTACHMENT_COMPONENTS);
        assertThat(DocumentJson.HAND_WRITTEN).isTrue();
    }

    @Test
    void writesTheSeedLikeNoticeByteForByteAsTheMapper() throws Exception {
        NoticeDocument doc = NoticeDocuments.of(
                TestNotices.notice(TestNotices.newUrl(), 1_767_578_400_000_000L),
                Instant.parse("2026-01-05T03:00:00Z"));

        assertSameAsMapper(doc);
    }

    @Test
    void writesEveryComponentSetByteForByteAsTheMapper() throws Exception {
        // every component non-null (whatever the record holds), with text that needs escaping
        NoticeDocument doc = filled(NoticeDocument.class);

        String written = assertSameAsMapper(doc);

        for (String component : names(NoticeDocument.class)) {
            assertThat(written).contains("\"" + component + "\":");
        }
    }

    @Test
    void leavesOutNullComponentsAsTheMapper() throws Exception {
        NoticeDocument doc = new NoticeDocument(
                "0123456789abcdef",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                OffsetDateTime.parse("2024-02-29T23:59:59.123456789-03:30"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Arrays.asList(null, new NoticeDocument.Attachment(null, null, null, null, true, null)),
                Arrays.asList("a", null),
                null,
                null,
                null,
                Instant.parse("2026-01-05T03:00:00.000000001Z"),
                0);

        assertSameAsMapper(doc);
    }

    private String assertSameAsMapper(NoticeDocument doc) throws Exception {
        String expected = new String(json.writeValueAsBytes(doc), StandardCharsets.UTF_8);
        String written = new String(documents.toJson(doc), StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(expected);
        // and again, on the reused buffer
        assertThat(new String(documents.toJson(doc), StandardCharsets.UTF_8)).isEqualTo(expected);
        return written;
    }

    /** A record with every component set: text with quotes, control and non-BMP characters, maps, lists. */
    @SuppressWarnings("unchecked")
    private static <T extends Record> T filled(Class<T> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = value(components[i].getName(), components[i].getGenericType());
        }
        Constructor<T> constructor = type.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
        return constructor.newInstance(values);
    }

    private static Object value(String name, Type type) throws Exception {
        if (type == String.class) {
            return name + " 退役军人 \"quoted\" \\ \n\t\u0001 \u2028 𠀀 </script>";
        }
        if (type == OffsetDateTime.class) {
            return OffsetDateTime.parse("2023-08-03T11:20:00+08:00");
        }
        if (type == Instant.class) {
            return Instant.parse("2026-01-05T02:00:00.123Z");
        }
        if (type == Integer.class || type == int.class) {
            return 2023;
        }
        if (type == Long.class || type == long.class) {
            return 1_767_578_400_000_000L;
        }
        if (type == Boolean.class || type == boolean.class) {
            return true;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("索引号", value(name, p.getActualTypeArguments()[1]));
            map.put("key \"with\" quotes", null);
            return map;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type element = p.getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            list.add(value(name, element));
            list.add(value(name + "2", element));
            return list;
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return filled((Class<? extends Record>) c);
        }
        throw new AssertionError("no sample value for " + name + " of type " + type);
    }

    private static List<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }
}
