package org.gongkai.events.deadletter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.gongkai.events.EventHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.TimestampedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * The one dead-letter path of every consumer: publishes a record to its stage's dead-letter topic, on the partition
 * of the source record, with the source's key, value (the original bytes when they could not be deserialised) and
 * headers, Spring Kafka's {@code kafka_dlt-*} headers, and Gongkai's: {@value #REASON} (one line, at most
 * {@value #MAX_REASON} characters), {@value #STAGE}, and the standard {@link EventHeaders} (trace id kept or started,
 * producer = this service, schema version kept or the stage's).
 *
 * <p>A dead letter always fits the topic's {@code max.message.bytes} ({@code maxRecordBytes}): the exception message
 * and stack trace headers are bounded ({@value #MAX_MESSAGE} and {@value #MAX_STACK_TRACE} characters), dropped when
 * the source record is so close to the limit that even they do not fit, and as the last resort the value is left out
 * ({@value #VALUE_OMITTED} then holds its size; the source is still at the {@code kafka_dlt-original-*} topic,
 * partition and offset until that topic's retention). Without this, a near-limit record whose dead letter was refused
 * as too large would be redelivered for ever.
 *
 * <p>Blocks until the broker acknowledges the dead letter and throws when it does not (Spring Kafka's
 * {@code failIfSendResultIsError}), so a caller never commits an offset for a record that was neither processed nor
 * dead-lettered. Thread-safe.
 */
public class DeadLetterPublisher extends DeadLetterPublishingRecoverer {

    public static final String REASON = "gongkai-dlt-reason";
    public static final String STAGE = "gongkai-dlt-stage";
    /** Present only on a dead letter whose value was left out because it did not fit: the value's size in bytes. */
    public static final String VALUE_OMITTED = "gongkai-dlt-value-omitted";

    /** Longest reason kept, in characters (code points): Elasticsearch reasons can quote whole field values. */
    public static final int MAX_REASON = 1000;
    /** Longest {@code kafka_dlt-exception-message} kept, in characters. */
    public static final int MAX_MESSAGE = 2000;
    /** Longest {@code kafka_dlt-exception-stacktrace} kept, in characters (a stack overflow's trace is ~100 KB). */
    public static final int MAX_STACK_TRACE = 8000;

    /** Upper bound of a record's framing in a batch (record and batch header, varints) plus a safety margin. */
    static final int RECORD_OVERHEAD = 1024;

    /**
     * An exception whose message alone is the reason of the dead letter (no class name in front), because it states
     * the event's fault in the terms of the stage (e.g. Elasticsearch's error type and reason).
     */
    public interface Reason {}

    private final String stage;
    private final String producer;
    private final int schemaVersion;
    private final int maxRecordBytes;

    /**
     * @param template       sends the dead letters; its value serializer must write {@code byte[]} as is
     * @param topic          the stage's dead-letter topic (same partition count as the source)
     * @param stage          value of {@value #STAGE}
     * @param producer       this service's name ({@link EventHeaders#PRODUCER})
     * @param schemaVersion  schema version to record when the source record had none
     * @param maxRecordBytes the dead-letter topic's {@code max.message.bytes} (and the producer's
     *                       {@code max.request.size})
     */
    public DeadLetterPublisher(
            KafkaOperations<?, ?> template,
            String topic,
            String stage,
            String producer,
            int schemaVersion,
            int maxRecordBytes) {
        super(template, (record, e) -> new TopicPartition(topic, record.partition()));
        this.stage = stage;
        this.producer = producer;
        this.schemaVersion = schemaVersion;
        this.maxRecordBytes = maxRecordBytes;
        setHeadersFunction((record, e) -> gongkaiHeaders(record, e));
        setExceptionHeadersCreator(DeadLetterPublisher::exceptionHeaders);
    }

    /** Gongkai's headers of a dead letter; each replaces a header of the same name on the source record. */
    Headers gongkaiHeaders(ConsumerRecord<?, ?> record, Exception exception) {
        String traceId = EventHeaders.get(record.headers(), EventHeaders.TRACE_ID);
        String version = EventHeaders.get(record.headers(), EventHeaders.SCHEMA_VERSION);
        Headers headers = new RecordHeaders();
        headers.add(header(REASON, reason(exception)));
        headers.add(header(STAGE, stage));
        headers.add(header(EventHeaders.TRACE_ID, traceId != null ? traceId : EventHeaders.newTraceId()));
        headers.add(header(EventHeaders.PRODUCER, producer));
        headers.add(header(EventHeaders.SCHEMA_VERSION, version != null ? version : Integer.toString(schemaVersion)));
        return headers;
    }

    /**
     * A one-line reason: the innermost cause below Spring Kafka's listener, timestamp and deserialization wrappers, as
     * {@code SimpleName: message} (only the message for a {@link Reason}), shortened to {@value #MAX_REASON}
     * characters.
     */
    public static String reason(Throwable exception) {
        Throwable e = exception;
        while ((e instanceof ListenerExecutionFailedException
                        || e instanceof TimestampedException
                        || e instanceof DeserializationException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        String message = e.getMessage();
        String reason = e instanceof Reason && message != null
                ? message
                : e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return shorten(reason.replace('\n', ' '), MAX_REASON);
    }

    /** {@code text} cut to at most {@code max} code points, marked with a trailing ellipsis; never splits a pair. */
    public static String shorten(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** Spring Kafka's exception headers, with message and stack trace bounded. */
    private static void exceptionHeaders(Headers headers, Exception exception, boolean isKey, HeaderNames names) {
        HeaderNames.ExceptionInfo info = names.getExceptionInfo();
        replace(
                headers,
                isKey ? info.getKeyExceptionFqcn() : info.getExceptionFqcn(),
                exception.getClass().getName());
        if (exception.getCause() != null) {
            replace(
                    headers,
                    info.getExceptionCauseFqcn(),
                    exception.getCause().getClass().getName());
        }
        if (exception.getMessage() != null) {
            replace(
                    headers,
                    isKey ? info.getKeyExceptionMessage() : info.getExceptionMessage(),
                    shorten(exception.getMessage(), MAX_MESSAGE));
        }
        StringWriter trace = new StringWriter();
        exception.printStackTrace(new PrintWriter(trace, true));
        replace(
                headers,
                isKey ? info.getKeyExceptionStacktrace() : info.getExceptionStacktrace(),
                shorten(trace.toString(), MAX_STACK_TRACE));
    }

    /**
     * The dead letter, made to fit {@code maxRecordBytes}: first without the exception's stack trace and message, then
     * without its value.
     */
    @Override
    protected ProducerRecord<Object, Object> createProducerRecord(
            ConsumerRecord<?, ?> record, TopicPartition topicPartition, Headers headers, byte[] key, byte[] value) {
        long keyBytes = key != null ? key.length : Math.max(0, record.serializedKeySize());
        long valueBytes = value != null ? value.length : Math.max(0, record.serializedValueSize());
        Object outValue = value != null ? value : record.value();
        if (size(keyBytes, valueBytes, headers) > maxRecordBytes) {
            headers.remove(KafkaHeaders.DLT_EXCEPTION_STACKTRACE);
            headers.remove(KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE);
            headers.remove(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
            headers.remove(KafkaHeaders.DLT_KEY_EXCEPTION_MESSAGE);
        }
        if (size(keyBytes, valueBytes, headers) > maxRecordBytes) {
            headers.add(header(VALUE_OMITTED, Long.toString(valueBytes)));
            outValue = new byte[0];
        }
        return new ProducerRecord<>(
                topicPartition.topic(),
                topicPartition.partition() < 0 ? null : topicPartition.partition(),
                key != null ? key : record.key(),
                outValue,
                headers);
    }

    /** An upper bound of the record's size in a batch. */
    static long size(long keyBytes, long valueBytes, Headers headers) {
        long size = RECORD_OVERHEAD + keyBytes + valueBytes;
        for (Header h : headers) {
            size += 10 + h.key().getBytes(StandardCharsets.UTF_8).length + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    private static void replace(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Header header(String name, String value) {
        return new SingleRecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
