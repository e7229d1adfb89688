package org.gongkai.events.trace;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C Trace Context {@value #HEADER} header (version 00: {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex
 * flags>}), as far as Gongkai reads or writes it by hand: the tracer (Micrometer Tracing through Spring Kafka's
 * observations) writes and reads it on records; this class maps it to and from the contract's
 * {@code gongkai-trace-id}, which is the same 32-hex trace id, and formats it for the crawler's HTTP requests.
 */
public final class TraceParent {

    /** The W3C header name, on Kafka records and HTTP requests. */
    public static final String HEADER = "traceparent";

    private static final Pattern VALUE = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final String INVALID_TRACE_ID = "0".repeat(32);
    private static final String INVALID_SPAN_ID = "0".repeat(16);

    private TraceParent() {}

    /** {@code 00-traceId-spanId-01} (sampled) or {@code -00}; null when either id is not valid W3C. */
    public static String format(String traceId, String spanId, boolean sampled) {
        if (!isTraceId(traceId)
                || spanId == null
                || !SPAN_ID.matcher(spanId).matches()
                || spanId.equals(INVALID_SPAN_ID)) {
            return null;
        }
        return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    /** The trace id of a {@value #HEADER} value, or null when the value is absent or not version 00. */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var matcher = VALUE.matcher(traceparent.strip());
        return matcher.matches() && isTraceId(matcher.group(1)) ? matcher.group(1) : null;
    }

    /** Whether {@code id} is a valid W3C trace id: 32 lower-case hex digits, not all zero. */
    public static boolean isTraceId(String id) {
        return id != null && TRACE_ID.matcher(id).matches() && !id.equals(INVALID_TRACE_ID);
    }

    /**
     * Adds a {@value #HEADER} continuing {@code traceId} (a new random parent id, sampled) when the headers have none,
     * so a record stamped only with {@code gongkai-trace-id} (older producers, replays) continues the same trace.
     *
     * @return whether a header was added
     */
    public static boolean addIfAbsent(Headers headers, String traceId) {
        Header present = headers.lastHeader(HEADER);
        if ((present != null && present.value() != null) || !isTraceId(traceId)) {
            return false;
        }
        String value = format(traceId, randomSpanId(), true);
        headers.add(HEADER, value.getBytes(StandardCharsets.US_ASCII));
        return true;
    }

    private static String randomSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return String.format("%016x", id);
    }
}
