package org.gongkai.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Kafka record headers every Gongkai event carries.
 *
 * <p>The trace id is created once, where a notice enters the pipeline, and copied by every later stage so one
 * notice can be followed across services and dead-letter topics. It is the W3C trace id (32 lower-case hex digits)
 * of the notice's trace: the services' tracing writes the same id into the W3C {@code traceparent} header of the
 * records ({@link org.gongkai.events.trace.TraceParent}) and into every log line (MDC {@code traceId}).
 */
public final class EventHeaders {

    /** Correlates all records produced for one fetch of one notice: the W3C trace id of its trace. */
    public static final String TRACE_ID = "gongkai-trace-id";

    /** Name of the service that produced the record, e.g. {@code ingest-service}. */
    public static final String PRODUCER = "gongkai-producer";

    /**
     * Per-notice ordering version (decimal, the scale of the events' {@code version}) on tombstones, which have no
     * payload to carry it: lets the index delete with an external version so an older replay cannot bring a
     * removed notice back.
     */
    public static final String VERSION = "gongkai-version";

    /** Schema version of the value, duplicated from the payload so tombstones and tools can read it too. */
    public static final String SCHEMA_VERSION = "gongkai-schema-version";

    /**
     * On a record put back from a dead-letter topic by the operator tool ({@code dead-letters replay}): where the dead
     * letter was, {@code topic:partition:offset}. Consumers need not read it; it makes a replay traceable.
     */
    public static final String REPLAYED_FROM = "gongkai-replayed-from";

    private EventHeaders() {}

    /** A new random trace id in W3C form, for a record that starts a trace without a tracer. */
    public static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Returns the last value of a header as UTF-8 text, or {@code null} when absent. */
    public static String get(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Replaces a header with a UTF-8 text value. */
    public static void put(Headers headers, String name, String value) {
        headers.remove(name);
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes the standard headers: trace id (kept if given, new otherwise), producer and schema version. */
    public static void stamp(Headers headers, String traceId, String producer, int schemaVersion) {
        put(headers, TRACE_ID, traceId != null ? traceId : newTraceId());
        put(headers, PRODUCER, producer);
        put(headers, SCHEMA_VERSION, Integer.toString(schemaVersion));
    }
}
