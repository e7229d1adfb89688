package org.gongkai.events.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.MalformedEventException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.SingleRecordHeader;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;

class DeadLetterPublisherTest {

    private static final int LIMIT = 16 * 1024 * 1024;

    @SuppressWarnings("unchecked")
    private final KafkaOperations<Object, Object> template = mock(KafkaOperations.class);

    private final DeadLetterPublisher publisher =
            new DeadLetterPublisher(template, "source-dlt", "index", "me", 1, LIMIT);

    @Test
    void keepsTheTraceIdAndNamesTheStageAndProducer() {
        ConsumerRecord<String, Object> record = new ConsumerRecord<>("source", 3, 17, "k", null);
        EventHeaders.stamp(record.headers(), "trace-123", "enrich-service", 1);

        ProducerRecord<Object, Object> dead = publish(record, new IllegalArgumentException("bad"));

        assertThat(dead.topic()).isEqualTo("source-dlt");
        assertThat(dead.partition()).isEqualTo(3);
        assertThat(EventHeaders.get(dead.headers(), DeadLetterPublisher.REASON))
                .isEqualTo("IllegalArgumentException: bad");
        assertThat(EventHeaders.get(dead.headers(), DeadLetterPublisher.STAGE)).isEqualTo("index");
        assertThat(EventHeaders.get(dead.headers(), EventHeaders.TRACE_ID)).isEqualTo("trace-123");
        assertThat(EventHeaders.get(dead.headers(), EventHeaders.PRODUCER)).isEqualTo("me");
        assertThat(EventHeaders.get(dead.headers(), EventHeaders.SCHEMA_VERSION))
                .isEqualTo("1");
        assertThat(dead.headers().headers(EventHeaders.TRACE_ID)).hasSize(1);
        assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)).isNotNull();
    }

    @Test
    void startsATraceWhenTheRecordHadNone() {
        Headers headers = publisher.gongkaiHeaders(
                new ConsumerRecord<>("source", 0, 0, "k", null), new IllegalArgumentException("x"));

        assertThat(EventHeaders.get(headers, EventHeaders.TRACE_ID)).matches("[0-9a-f]{32}");
        assertThat(headers.toArray()).allSatisfy(h -> assertThat(h).isInstanceOf(SingleRecordHeader.class));
    }

    @Test
    void reasonNamesTheInnermostCauseThroughSpringKafkasWrappers() {
        DeserializationException malformed = new DeserializationException(
                "failed", new byte[0], false, new MalformedEventException("missing noticeId"));
        assertThat(DeadLetterPublisher.reason(new ListenerExecutionFailedException("listener failed", malformed)))
                .isEqualTo("MalformedEventException: missing noticeId");
        class Rejected extends RuntimeException implements DeadLetterPublisher.Reason {
            Rejected() {
                super("status 400: document_parsing_exception: bad");
            }
        }
        assertThat(DeadLetterPublisher.reason(new Rejected())).isEqualTo("status 400: document_parsing_exception: bad");
    }

    @Test
    void shortensLongReasonsWithoutSplittingCharacters() {
        String reason = DeadLetterPublisher.reason(new IllegalStateException("𠀀".repeat(3000)));

        assertThat(reason.codePointCount(0, reason.length())).isEqualTo(DeadLetterPublisher.MAX_REASON);
        assertThat(reason).endsWith("…");
        assertThat(new String(reason.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(reason);
    }

    @Test
    void boundsTheStackTraceOfAStackOverflow() {
        ProducerRecord<Object, Object> dead =
                publish(new ConsumerRecord<>("source", 0, 0, "k", "v"), new IllegalStateException(overflow()));

        String trace = EventHeaders.get(dead.headers(), KafkaHeaders.DLT_EXCEPTION_STACKTRACE);
        assertThat(trace).startsWith("java.lang.IllegalStateException");
        assertThat(trace.length()).isLessThanOrEqualTo(DeadLetterPublisher.MAX_STACK_TRACE);
    }

    @Test
    void aRecordJustUnderTheLimitLosesItsStackTraceButKeepsItsValueAndReason() {
        int valueSize = LIMIT - 4 * 1024;
        byte[] value = new byte[valueSize];
        ConsumerRecord<String, Object> record = nearLimit(value);

        ProducerRecord<Object, Object> dead = publish(record, new IllegalStateException(overflow()));

        assertThat(dead.value()).isSameAs(value);
        assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_STACKTRACE))
                .isNull();
        assertThat(EventHeaders.get(dead.headers(), DeadLetterPublisher.REASON)).startsWith("IllegalStateException");
        assertThat(DeadLetterPublisher.size(0, valueSize, dead.headers())).isLessThanOrEqualTo(LIMIT);
    }

    @Test
    void aRecordAtTheLimitIsDeadLetteredWithoutItsValueAndSaysSo() {
        int valueSize = LIMIT - 200;
        ConsumerRecord<String, Object> record = nearLimit(new byte[valueSize]);

        ProducerRecord<Object, Object> dead = publish(record, new IllegalStateException("no"));

        assertThat((byte[]) dead.value()).isEmpty();
        assertThat(EventHeaders.get(dead.headers(), DeadLetterPublisher.VALUE_OMITTED))
                .isEqualTo(Integer.toString(valueSize));
        assertThat(EventHeaders.get(dead.headers(), DeadLetterPublisher.REASON)).isEqualTo("IllegalStateException: no");
        assertThat(DeadLetterPublisher.size(0, 0, dead.headers())).isLessThanOrEqualTo(LIMIT);
    }

    private static ConsumerRecord<String, Object> nearLimit(byte[] value) {
        return new ConsumerRecord<>(
                "source",
                0,
                5,
                0L,
                TimestampType.CREATE_TIME,
                1,
                value.length,
                "k",
                value,
                new RecordHeaders(),
                Optional.empty());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ProducerRecord<Object, Object> publish(ConsumerRecord<?, ?> record, Exception e) {
        when(template.send(any(ProducerRecord.class))).thenReturn(CompletableFuture.completedFuture(null));
        publisher.accept(record, null, e);
        ArgumentCaptor<ProducerRecord> sent = ArgumentCaptor.forClass(ProducerRecord.class);
        verify(template).send(sent.capture());
        return sent.getValue();
    }

    private static StackOverflowError overflow() {
        try {
            return recurse(0);
        } catch (StackOverflowError e) {
            return e;
        }
    }

    private static StackOverflowError recurse(int depth) {
        return recurse(depth + 1);
    }
}
