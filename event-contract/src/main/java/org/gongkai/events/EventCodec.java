package org.gongkai.events;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.module.blackbird.BlackbirdModule;

/**
 * JSON encoding of Gongkai events. Thread-safe; one shared instance is enough.
 *
 * <p>Unknown properties are ignored so a consumer keeps working when a producer adds optional fields (a
 * compatible change within one schema version); a schema version newer than the consumer knows, a missing id
 * or URL, or anything that is not valid JSON fails with {@link MalformedEventException}.
 */
public final class EventCodec {

    private static final EventCodec INSTANCE = new EventCodec();

    // Blackbird reads and sets properties through generated lambdas instead of reflective MethodHandle calls (a
    // third of the time writing an enriched event went there); what is written does not change (EventCodecTest,
    // enrich-service's EnrichOutputCheck compare it with plainMapper's bytes)
    private final JsonMapper mapper =
            settings(JsonMapper.builder()).addModule(new BlackbirdModule()).build();

    private static JsonMapper.Builder settings(JsonMapper.Builder builder) {
        return builder.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                // Notice dates keep the +08:00 they were published with.
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    /**
     * A mapper with the codec's settings but without its Blackbird module: it writes the same bytes, more slowly. For
     * tests and harnesses that check that the module changes nothing.
     */
    public static JsonMapper plainMapper() {
        return settings(JsonMapper.builder()).build();
    }

    public static EventCodec instance() {
        return INSTANCE;
    }

    public JsonMapper mapper() {
        return mapper;
    }

    public byte[] write(Object event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public RawNotice readRaw(byte[] json) {
        RawNotice notice = read(json, RawNotice.class, RawNotice.SCHEMA_VERSION);
        check(notice.schemaVersion(), RawNotice.SCHEMA_VERSION, notice.noticeId(), notice.url());
        return notice;
    }

    public EnrichedNotice readEnriched(byte[] json) {
        return readEnriched(json, 0, json == null ? 0 : json.length);
    }

    /**
     * As {@link #readEnriched(byte[])}, from {@code length} bytes of {@code json} at {@code offset}: a Kafka consumer's
     * record value is such a slice of its fetch buffer, read here without copying it first.
     */
    public EnrichedNotice readEnriched(byte[] json, int offset, int length) {
        EnrichedNotice notice = read(json, offset, length, EnrichedNotice.class, EnrichedNotice.SCHEMA_VERSION);
        check(notice.schemaVersion(), EnrichedNotice.SCHEMA_VERSION, notice.noticeId(), notice.url());
        return notice;
    }

    private <T> T read(byte[] json, Class<T> type, int supported) {
        return read(json, 0, json == null ? 0 : json.length, type, supported);
    }

    private <T> T read(byte[] json, int offset, int length, Class<T> type, int supported) {
        if (json == null || length == 0) {
            throw new MalformedEventException("empty " + type.getSimpleName() + " value");
        }
        try {
            T value = mapper.readValue(json, offset, length, type);
            if (value == null) {
                throw new MalformedEventException("JSON null is not a " + type.getSimpleName());
            }
            return value;
        } catch (JacksonException e) {
            // The dead letter's reason is read by an operator: an event of a newer schema version says so, rather
            // than naming the first field its new shape lacks; otherwise the field that failed is named.
            int declared = declaredSchemaVersion(json, offset, length);
            if (declared > supported) {
                throw new MalformedEventException(
                        "unsupported schema version " + declared + " (this consumer reads 1.." + supported + ")", e);
            }
            throw new MalformedEventException(
                    "not a valid " + type.getSimpleName() + fieldOf(e) + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The top-level {@code schemaVersion} of a JSON object that failed to bind, or 0 when it has none. */
    private int declaredSchemaVersion(byte[] json, int offset, int length) {
        try {
            return mapper.readTree(json, offset, length).path("schemaVersion").asInt(0);
        } catch (JacksonException | IllegalArgumentException notJson) {
            return 0;
        }
    }

    private static String fieldOf(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "" : " (field " + path + ")";
    }

    private static void check(int version, int supported, String noticeId, String url) {
        if (version < 1 || version > supported) {
            throw new MalformedEventException(
                    "unsupported schema version " + version + " (this consumer reads 1.." + supported + ")");
        }
        if (noticeId == null || noticeId.isBlank()) {
            throw new MalformedEventException("missing noticeId");
        }
        if (url == null || url.isBlank()) {
            throw new MalformedEventException("missing url");
        }
    }
}
