package org.gongkai.index.consume;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventHeaders;
import org.gongkai.index.write.IndexRejectedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.SingleRecordHeader;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.TimestampedException;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Gongkai headers of a dead letter from this stage, added to the ones the recoverer copies and to Spring Kafka's
 * {@code kafka_dlt-*} exception headers: {@value #REASON}, {@value #STAGE} = {@value #STAGE_INDEX}, and the
 * standard {@link EventHeaders} (trace id kept, producer = this service). Each replaces any header of the same
 * name on the original record.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "gongkai-dlt-reason";
    public static final String STAGE = "gongkai-dlt-stage";
    public static final String STAGE_INDEX = "index";

    /** Longest reason kept, in characters: Elasticsearch reasons can quote whole field values. */
    static final int MAX_REASON = 2000;

    private DeadLetterHeaders() {}

    public static Headers of(ConsumerRecord<?, ?> record, Exception exception, String producer) {
        String traceId = EventHeaders.get(record.headers(), EventHeaders.TRACE_ID);
        String schemaVersion = EventHeaders.get(record.headers(), EventHeaders.SCHEMA_VERSION);
        Headers headers = new RecordHeaders();
        headers.add(header(REASON, reason(exception)));
        headers.add(header(STAGE, STAGE_INDEX));
        headers.add(header(EventHeaders.TRACE_ID, traceId != null ? traceId : EventHeaders.newTraceId()));
        headers.add(header(EventHeaders.PRODUCER, producer));
        headers.add(header(
                EventHeaders.SCHEMA_VERSION,
                schemaVersion != null ? schemaVersion : Integer.toString(EnrichedNotice.SCHEMA_VERSION)));
        return headers;
    }

    /** A one-line reason: the event's own fault as precisely as known, shortened to {@value #MAX_REASON} chars. */
    static String reason(Exception exception) {
        Throwable e = exception;
        while ((e instanceof ListenerExecutionFailedException || e instanceof TimestampedException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        String reason;
        if (e instanceof DeserializationException && e.getCause() != null) {
            reason = "malformed event: " + e.getCause().getMessage();
        } else if (e instanceof IndexRejectedException) {
            reason = e.getMessage();
        } else {
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (reason.length() > MAX_REASON) {
            int end = reason.offsetByCodePoints(0, reason.codePointCount(0, MAX_REASON - 1));
            reason = reason.substring(0, end) + "…";
        }
        return reason;
    }

    private static SingleRecordHeader header(String name, String value) {
        return new SingleRecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
