package org.gongkai.index.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Serialises a {@link NoticeDocument} to the JSON the client's Jackson mapper writes for it (same fields, order,
 * escaping and date formats, {@code null} fields left out), with a streaming generator instead of reflection: the
 * document is written once per event, and databind's per-field reflective calls were the largest part of it.
 *
 * <p>The writer knows the record's components by name. Should the record change (a field added, removed or renamed
 * with the mapping), it falls back to the mapper, so documents stay complete, only slower; the unit test then fails
 * until this writer is updated.
 *
 * <p>Thread-safe: each thread has its own output buffer, kept from one document to the next (a document is ~14 KB;
 * a buffer that grew past 1 MB is dropped), so writing one allocates little more than its bytes.
 */
public final class DocumentJson {

    /** The components of {@link NoticeDocument} this writer writes, in declaration order. */
    static final List<String> COMPONENTS = List.of(
            "noticeId",
            "url",
            "siteId",
            "title",
            "body",
            "indexNumber",
            "subjectCategory",
            "publisher",
            "publishers",
            "writtenAt",
            "publishedAt",
            "documentNumber",
            "documentNumberKey",
            "validity",
            "disclosureMode",
            "disclosureScope",
            "keywords",
            "genre",
            "subjectFirst",
            "subjectSecond",
            "subjectSource",
            "subjectModelVersion",
            "identity",
            "year",
            "labels",
            "attachments",
            "flags",
            "enricherVersion",
            "fetchedAt",
            "enrichedAt",
            "indexedAt",
            "version");

    static final List<String> ATTACHMENT_COMPONENTS =
            List.of("url", "name", "contentType", "text", "truncated", "error");

    /** Whether the record still has exactly the components above (else the mapper writes it). */
    static final boolean HAND_WRITTEN = names(NoticeDocument.class).equals(COMPONENTS)
            && names(NoticeDocument.Attachment.class).equals(ATTACHMENT_COMPONENTS);

    private final ObjectMapper json;
    private final JsonFactory factory;
    private final ThreadLocal<ByteArrayOutputStream> buffers =
            ThreadLocal.withInitial(() -> new ByteArrayOutputStream(32 * 1024));

    /** @param json the client's mapper, whose output this reproduces (and the fallback) */
    public DocumentJson(ObjectMapper json) {
        this.json = json;
        this.factory = json.getFactory();
    }

    public byte[] toJson(NoticeDocument doc) throws IOException {
        if (!HAND_WRITTEN) {
            return json.writeValueAsBytes(doc);
        }
        ByteArrayOutputStream out = buffers.get();
        out.reset();
        try (JsonGenerator g = factory.createGenerator(out)) {
            write(doc, g);
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length > 1024 * 1024) {
            buffers.remove(); // do not keep a huge buffer per thread
        }
        return bytes;
    }

    private static void write(NoticeDocument d, JsonGenerator g) throws IOException {
        g.writeStartObject();
        string(g, "noticeId", d.noticeId());
        string(g, "url", d.url());
        string(g, "siteId", d.siteId());
        string(g, "title", d.title());
        string(g, "body", d.body());
        string(g, "indexNumber", d.indexNumber());
        string(g, "subjectCategory", d.subjectCategory());
        string(g, "publisher", d.publisher());
        strings(g, "publishers", d.publishers());
        date(g, "writtenAt", d.writtenAt());
        date(g, "publishedAt", d.publishedAt());
        string(g, "documentNumber", d.documentNumber());
        string(g, "documentNumberKey", d.documentNumberKey());
        string(g, "validity", d.validity());
        string(g, "disclosureMode", d.disclosureMode());
        string(g, "disclosureScope", d.disclosureScope());
        string(g, "keywords", d.keywords());
        string(g, "genre", d.genre());
        string(g, "subjectFirst", d.subjectFirst());
        string(g, "subjectSecond", d.subjectSecond());
        string(g, "subjectSource", d.subjectSource());
        string(g, "subjectModelVersion", d.subjectModelVersion());
        string(g, "identity", d.identity());
        if (d.year() != null) {
            g.writeNumberField("year", d.year());
        }
        if (d.labels() != null) {
            g.writeObjectFieldStart("labels");
            for (Map.Entry<String, String> label : d.labels().entrySet()) {
                g.writeFieldName(label.getKey());
                g.writeString(label.getValue()); // a null value is written as null, as the mapper does
            }
            g.writeEndObject();
        }
        if (d.attachments() != null) {
            g.writeArrayFieldStart("attachments");
            for (NoticeDocument.Attachment a : d.attachments()) {
                if (a == null) {
                    g.writeNull();
                    continue;
                }
                g.writeStartObject();
                string(g, "url", a.url());
                string(g, "name", a.name());
                string(g, "contentType", a.contentType());
                string(g, "text", a.text());
                g.writeBooleanField("truncated", a.truncated());
                string(g, "error", a.error());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        strings(g, "flags", d.flags());
        string(g, "enricherVersion", d.enricherVersion());
        instant(g, "fetchedAt", d.fetchedAt());
        instant(g, "enrichedAt", d.enrichedAt());
        instant(g, "indexedAt", d.indexedAt());
        g.writeNumberField("version", d.version());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values != null) {
            g.writeArrayFieldStart(name);
            for (String value : values) {
                g.writeString(value);
            }
            g.writeEndArray();
        }
    }

    /** As the JavaTimeModule writes it without an explicit time zone: ISO-8601 with the value's own offset. */
    private static void date(JsonGenerator g, String name, OffsetDateTime value) throws IOException {
        if (value != null) {
            g.writeStringField(name, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value));
        }
    }

    private static void instant(JsonGenerator g, String name, Instant value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value.toString());
        }
    }

    private static List<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }
}
