package org.gongkai.index.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.MalformedEventException;
import org.gongkai.events.Topics;
import org.gongkai.index.write.ElasticsearchUnavailableException;
import org.gongkai.index.write.IndexRejectedException;
import org.gongkai.index.write.ItemResult;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.SingleRecordHeader;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

class DeadLetterHeadersTest {

    @Test
    void keepsTheTraceIdAndNamesThisStageAndProducer() {
        ConsumerRecord<String, Object> record = new ConsumerRecord<>(Topics.ENRICHED, 3, 17, "k", null);
        EventHeaders.stamp(record.headers(), "trace-123", "enrich-service", 1);

        Headers headers = DeadLetterHeaders.of(
                record, new IndexRejectedException(new ItemResult(400, "x", "document_parsing_exception: bad")), "me");

        assertThat(EventHeaders.get(headers, DeadLetterHeaders.REASON)).isEqualTo("document_parsing_exception: bad");
        assertThat(EventHeaders.get(headers, DeadLetterHeaders.STAGE)).isEqualTo("index");
        assertThat(EventHeaders.get(headers, EventHeaders.TRACE_ID)).isEqualTo("trace-123");
        assertThat(EventHeaders.get(headers, EventHeaders.PRODUCER)).isEqualTo("me");
        assertThat(EventHeaders.get(headers, EventHeaders.SCHEMA_VERSION)).isEqualTo("1");
        // each replaces the original record's header of the same name
        assertThat(headers.toArray()).allSatisfy(h -> assertThat(h).isInstanceOf(SingleRecordHeader.class));
    }

    @Test
    void startsATraceWhenTheRecordHadNone() {
        ConsumerRecord<String, Object> record = new ConsumerRecord<>(Topics.ENRICHED, 0, 0, "k", null);

        Headers headers = DeadLetterHeaders.of(record, new IllegalArgumentException("x"), "me");

        assertThat(EventHeaders.get(headers, EventHeaders.TRACE_ID)).matches("[0-9a-f]{32}");
    }

    @Test
    void reasonNamesTheEventsFaultThroughWrappers() {
        DeserializationException malformed = new DeserializationException(
                "failed", new byte[0], false, new MalformedEventException("missing noticeId"));
        assertThat(DeadLetterHeaders.reason(malformed)).isEqualTo("malformed event: missing noticeId");

        Exception wrapped = new ListenerExecutionFailedException(
                "listener failed", new ElasticsearchUnavailableException("still failing"));
        assertThat(DeadLetterHeaders.reason(wrapped)).isEqualTo("ElasticsearchUnavailableException: still failing");
    }

    @Test
    void shortensLongReasonsWithoutSplittingCharacters() {
        String reason =
                DeadLetterHeaders.reason(new IndexRejectedException(new ItemResult(400, "x", "𠀀".repeat(3000))));

        assertThat(reason.codePointCount(0, reason.length())).isLessThanOrEqualTo(DeadLetterHeaders.MAX_REASON);
        assertThat(reason).endsWith("…");
        assertThat(new String(reason.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(reason);
        assertThat(new RecordHeaders().add("x", reason.getBytes(StandardCharsets.UTF_8)))
                .isNotNull();
    }
}
