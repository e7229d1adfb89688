package org.gongkai.events.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.gongkai.events.EventHeaders;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TraceParentTest {

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void formatsAndReadsVersion00() {
        String header = TraceParent.format(TRACE, "00f067aa0ba902b7", true);
        assertThat(header).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(TraceParent.format(TRACE, "00f067aa0ba902b7", false)).endsWith("-00");
        assertThat(TraceParent.traceId(header)).isEqualTo(TRACE);
    }

    @Test
    void refusesIdsThatAreNotW3c() {
        assertThat(TraceParent.format("trace-123", "00f067aa0ba902b7", true)).isNull();
        assertThat(TraceParent.format("0".repeat(32), "00f067aa0ba902b7", true)).isNull();
        assertThat(TraceParent.format(TRACE, "0".repeat(16), true)).isNull();
        assertThat(TraceParent.traceId("01-" + TRACE + "-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceParent.traceId("garbage")).isNull();
        assertThat(TraceParent.traceId(null)).isNull();
    }

    @Test
    void theContractsTraceIdsAreW3cTraceIds() {
        for (int i = 0; i < 100; i++) {
            assertThat(TraceParent.isTraceId(EventHeaders.newTraceId())).isTrue();
        }
    }

    @Test
    void aRecordWithOnlyTheGongkaiTraceIdGetsATraceparentContinuingIt() {
        RecordHeaders headers = new RecordHeaders();
        EventHeaders.stamp(headers, TRACE, "ingest-service", 1);
        ConsumerRecord<Object, Object> record = record(headers);

        new TraceIdConsumerInterceptor().onConsume(records(record));

        String traceparent = EventHeaders.get(record.headers(), TraceParent.HEADER);
        assertThat(TraceParent.traceId(traceparent)).isEqualTo(TRACE);
        assertThat(traceparent).matches("00-" + TRACE + "-[0-9a-f]{16}-01");
    }

    @Test
    void aRecordThatHasATraceparentKeepsIt() {
        RecordHeaders headers = new RecordHeaders();
        String theirs = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        headers.add(TraceParent.HEADER, theirs.getBytes(StandardCharsets.US_ASCII));
        EventHeaders.stamp(headers, TRACE, "ingest-service", 1);
        ConsumerRecord<Object, Object> record = record(headers);

        new TraceIdConsumerInterceptor().onConsume(records(record));

        assertThat(record.headers().headers(TraceParent.HEADER)).hasSize(1);
        assertThat(EventHeaders.get(record.headers(), TraceParent.HEADER)).isEqualTo(theirs);
    }

    @Test
    void aRecordWithoutAValidTraceIdGetsNoTraceparent() {
        RecordHeaders headers = new RecordHeaders();
        EventHeaders.put(headers, EventHeaders.TRACE_ID, "trace-123");
        ConsumerRecord<Object, Object> record = record(headers);

        new TraceIdConsumerInterceptor().onConsume(records(record));

        assertThat(record.headers().lastHeader(TraceParent.HEADER)).isNull();
    }

    @Test
    void noticeLogPutsTheNoticeIntoTheMdcAndRestoresWhatWasThere() {
        MDC.put(NoticeLog.SITE, "outer");
        try (NoticeLog outer = NoticeLog.of("dhq", "0123456789abcdef")) {
            assertThat(MDC.get(NoticeLog.SITE)).isEqualTo("dhq");
            assertThat(MDC.get(NoticeLog.NOTICE_ID)).isEqualTo("0123456789abcdef");
            try (NoticeLog inner = NoticeLog.of(null, "fedcba9876543210")) {
                assertThat(MDC.get(NoticeLog.SITE)).isNull();
                assertThat(MDC.get(NoticeLog.NOTICE_ID)).isEqualTo("fedcba9876543210");
            }
            assertThat(MDC.get(NoticeLog.SITE)).isEqualTo("dhq");
        }
        assertThat(MDC.get(NoticeLog.SITE)).isEqualTo("outer");
        assertThat(MDC.get(NoticeLog.NOTICE_ID)).isNull();
        MDC.clear();
    }

    @Test
    void noticeLogSetsTheRecordsTraceIdOnlyWhereNoSpanIsInScope() {
        try (NoticeLog log = NoticeLog.of(null, "0123456789abcdef", TRACE)) {
            assertThat(MDC.get(NoticeLog.TRACE_ID)).isEqualTo(TRACE);
        }
        assertThat(MDC.get(NoticeLog.TRACE_ID)).isNull();
        MDC.put(NoticeLog.TRACE_ID, "0af7651916cd43dd8448eb211c80319c");
        try (NoticeLog log = NoticeLog.of(null, "0123456789abcdef", TRACE)) {
            assertThat(MDC.get(NoticeLog.TRACE_ID)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        }
        assertThat(MDC.get(NoticeLog.TRACE_ID)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        MDC.clear();
    }

    private static ConsumerRecord<Object, Object> record(RecordHeaders headers) {
        return new ConsumerRecord<>(
                "notices.raw",
                0,
                0L,
                0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0,
                0,
                "0123456789abcdef",
                null,
                headers,
                java.util.Optional.empty());
    }

    private static ConsumerRecords<Object, Object> records(ConsumerRecord<Object, Object> record) {
        return new ConsumerRecords<>(Map.of(new TopicPartition("notices.raw", 0), List.of(record)), Map.of());
    }
}
