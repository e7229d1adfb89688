package org.gongkai.index.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.MalformedEventException;
import org.gongkai.events.Topics;
import org.gongkai.index.TestNotices;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.gongkai.index.write.IndexOperation;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.DeserializationException;

class BatchPlannerTest {

    private static final Instant NOW = Instant.parse("2026-01-05T03:00:00Z");

    private final ObjectMapper json = ElasticsearchClients.jsonpMapper().objectMapper();
    private final BatchPlanner planner = new BatchPlanner(json, Clock.fixed(NOW, ZoneOffset.UTC));
    private final List<ConsumerRecord<String, EnrichedNotice>> records = new ArrayList<>();

    @Test
    void anEventBecomesAnIndexOperationWithItsVersionAndDocument() throws Exception {
        EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 42);
        event(notice);

        BatchPlan plan = planner.plan(records);

        assertThat(plan.malformed()).isEmpty();
        assertThat(plan.operations()).singleElement().satisfies(op -> {
            assertThat(op.kind()).isEqualTo(IndexOperation.Kind.INDEX);
            assertThat(op.id()).isEqualTo(notice.noticeId());
            assertThat(op.version()).isEqualTo(42);
            assertThat(op.record()).isSameAs(records.get(0));
        });
        JsonNode source = json.readTree(plan.operations().get(0).source());
        assertThat(source.path("noticeId").asText()).isEqualTo(notice.noticeId());
        assertThat(source.path("indexedAt").asText()).isEqualTo("2026-01-05T03:00:00Z");
    }

    @Test
    void aTombstoneBecomesADeleteByKey() {
        tombstone("0123456789abcdef");

        BatchPlan plan = planner.plan(records);

        assertThat(plan.operations()).singleElement().satisfies(op -> {
            assertThat(op.kind()).isEqualTo(IndexOperation.Kind.DELETE);
            assertThat(op.id()).isEqualTo("0123456789abcdef");
            assertThat(op.source()).isNull();
        });
    }

    @Test
    void aTombstoneWithAVersionHeaderBecomesAVersionedDeleteAndWithoutOneAnUnversionedDelete() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(BatchPlanner.VERSION_HEADER, "1736042400000".getBytes(StandardCharsets.UTF_8));
        add("0123456789abcdef", null, headers);
        tombstone("fedcba9876543210");

        BatchPlan plan = planner.plan(records);

        assertThat(plan.malformed()).isEmpty();
        assertThat(plan.operations())
                .extracting(op -> op.id() + " " + op.versioned() + " " + op.version())
                .containsExactly("0123456789abcdef true 1736042400000", "fedcba9876543210 false -1");
    }

    @Test
    void aTombstoneWhoseVersionHeaderIsNotADecimalLongIsMalformed() {
        for (String bad : List.of("v12", "-3", "", "99999999999999999999")) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(BatchPlanner.VERSION_HEADER, bad.getBytes(StandardCharsets.UTF_8));
            add("0123456789abcdef", null, headers);
        }

        BatchPlan plan = planner.plan(records);

        assertThat(plan.operations()).isEmpty();
        assertThat(plan.malformed())
                .hasSize(4)
                .allSatisfy(m -> assertThat(m.cause())
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("gongkai-version"));
    }

    @Test
    void valuesThatFailedToDeserialiseAreMalformedWithTheirException() {
        raw("0123456789abcdef", "{\"schemaVersion\": 1, \"noticeId\": ".getBytes(StandardCharsets.UTF_8));
        EnrichedNotice future = TestNotices.notice(TestNotices.newUrl(), 1);
        String json = new String(EventCodec.instance().write(future), StandardCharsets.UTF_8);
        raw(
                future.noticeId(),
                json.replace("\"schemaVersion\":1", "\"schemaVersion\":9").getBytes(StandardCharsets.UTF_8));

        BatchPlan plan = planner.plan(records);

        assertThat(plan.operations()).isEmpty();
        assertThat(plan.malformed()).hasSize(2).allSatisfy(bad -> {
            assertThat(bad.cause()).isInstanceOf(DeserializationException.class);
            assertThat(bad.cause().getCause()).isInstanceOf(MalformedEventException.class);
        });
        assertThat(plan.malformed().get(1).cause().getCause()).hasMessageContaining("unsupported schema version 9");
    }

    @Test
    void aTombstoneWithoutKeyAndAnEventUnderAnotherKeyAreMalformed() {
        tombstone(null);
        EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 1);
        add("ffffffffffffffff", notice, new RecordHeaders());

        BatchPlan plan = planner.plan(records);

        assertThat(plan.operations()).isEmpty();
        assertThat(plan.malformed())
                .extracting(bad -> bad.cause().getMessage())
                .containsExactly(
                        "tombstone without key: no notice to delete",
                        "record key ffffffffffffffff is not the noticeId " + notice.noticeId());
    }

    @Test
    void eventsElasticsearchWouldRefuseTheWholeRequestForAreMalformedBeforeTheyReachIt() throws Exception {
        EnrichedNotice minusTwo = TestNotices.notice(TestNotices.newUrl(), -2);
        EnrichedNotice minusOne = TestNotices.notice(TestNotices.newUrl(), -1);
        EnrichedNotice good = TestNotices.notice(TestNotices.newUrl(), 7);
        String longId = "a".repeat(513);
        event(minusTwo);
        event(minusOne);
        raw(longId, withNoticeId(good, longId));
        tombstone("b".repeat(513));
        event(good);

        BatchPlan plan = planner.plan(records);

        assertThat(plan.operations()).extracting(IndexOperation::id).containsExactly(good.noticeId());
        assertThat(plan.malformed())
                .extracting(bad -> bad.cause().getMessage())
                .containsExactly(
                        "version -2 is not an external version (0 to 9223372036854775806)",
                        "version -1 is not an external version (0 to 9223372036854775806)",
                        "noticeId of 513 bytes: Elasticsearch takes ids of at most 512 bytes",
                        "tombstone key of 513 bytes: Elasticsearch takes ids of at most 512 bytes");
    }

    private static byte[] withNoticeId(EnrichedNotice notice, String id) throws Exception {
        tools.jackson.databind.node.ObjectNode tree = (tools.jackson.databind.node.ObjectNode)
                EventCodec.instance().mapper().readTree(EventCodec.instance().write(notice));
        tree.put("noticeId", id);
        return EventCodec.instance().mapper().writeValueAsBytes(tree);
    }

    @Test
    void theLaterRecordOfANoticeDecidesBetweenIndexAndDelete() {
        EnrichedNotice a1 = TestNotices.notice("http://www.donghu.gov.cn/a.html", 1);
        EnrichedNotice a2 = TestNotices.notice("http://www.donghu.gov.cn/a.html", 2);
        EnrichedNotice b1 = TestNotices.notice("http://www.donghu.gov.cn/b.html", 1);
        EnrichedNotice c1 = TestNotices.notice("http://www.donghu.gov.cn/c.html", 1);
        EnrichedNotice c2 = TestNotices.notice("http://www.donghu.gov.cn/c.html", 2);
        event(a1); // superseded by the tombstone after it
        event(b1);
        tombstone(a1.noticeId()); // superseded by the event after it
        event(c1);
        event(a2);
        tombstone(b1.noticeId()); // b1 is gone at the end of the batch
        event(c2); // c1 and c2 both stay: external versions order them
        tombstone("0000000000000000");
        tombstone("0000000000000000"); // repeated delete: one is enough

        BatchPlan plan = planner.plan(records);

        assertThat(plan.operations())
                .extracting(op -> op.kind() + " " + op.id() + " " + op.version())
                .containsExactly(
                        "INDEX " + c1.noticeId() + " 1",
                        "INDEX " + a2.noticeId() + " 2",
                        "DELETE " + b1.noticeId() + " -1",
                        "INDEX " + c2.noticeId() + " 2",
                        "DELETE 0000000000000000 -1");
        assertThat(plan.superseded()).isEqualTo(4);
        assertThat(plan.malformed()).isEmpty();
    }

    private void event(EnrichedNotice notice) {
        raw(notice.noticeId(), EventCodec.instance().write(notice));
    }

    private void tombstone(String key) {
        add(key, null, new RecordHeaders());
    }

    /** Deserialises like the listener container does, so failures leave their header exactly as in production. */
    private void raw(String key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        try (EnrichedValueDeserializer deserializer = new EnrichedValueDeserializer()) {
            deserializer.configure(Map.of(), false);
            add(key, deserializer.deserialize(Topics.ENRICHED, headers, ByteBuffer.wrap(value)), headers);
        }
    }

    private void add(String key, EnrichedNotice value, RecordHeaders headers) {
        records.add(new ConsumerRecord<>(
                Topics.ENRICHED,
                0,
                records.size(),
                0L,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                key,
                value,
                headers,
                Optional.empty()));
    }
}
