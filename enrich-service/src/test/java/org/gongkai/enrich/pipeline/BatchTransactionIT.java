package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.gongkai.enrich.Fixtures;
import org.gongkai.events.EventCodec;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.events.trace.TraceParent;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A poll in one transaction, on a real broker: records of one notice key are produced while the listener is paused,
 * so its next poll holds them all, then it is resumed. A poison record in the middle is dead-lettered alone, in the
 * poll's transaction, and the rest is enriched once, in order, without the poll being retried; a send failing in the
 * middle of a poll rolls the whole poll back, and its retry commits each event once for {@code read_committed}
 * consumers. Every poll ends with a tombstone of the key: once it is visible, the poll is settled.
 *
 * <p>Its own consumer group starting at the end of the topic; sends are counted (and one failed) through a spy on
 * the template, which the listener and the dead-letter path share.
 */
@SpringBootTest(
        properties = {
            "logging.level.org.apache.kafka=WARN",
            "spring.kafka.consumer.group-id=enrich-batch-transaction-it",
            "spring.kafka.consumer.auto-offset-reset=latest",
            "gongkai.enrich.retry-initial-interval=100ms",
            "gongkai.enrich.retry-max-elapsed=20s"
        })
@DirtiesContext
class BatchTransactionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        RealServers.registerKafka(registry);
    }

    @MockitoSpyBean
    private KafkaTemplate<?, ?> template;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    /** Every record the service sent, in order of the calls. */
    private final List<ProducerRecord<?, ?>> sent = new CopyOnWriteArrayList<>();

    private MessageListenerContainer container;

    @BeforeEach
    void assigned() {
        container = listeners.getListenerContainer(EnrichListener.LISTENER_ID);
        await().atMost(TIMEOUT).until(() -> container.getAssignedPartitions().size() == 6);
    }

    @Test
    void aPoisonRecordInTheMiddleOfAPollIsDeadLetteredOnceAndTheOthersAreEnrichedOnceInOrder() throws Exception {
        recordSends(record -> false);
        String key = key();
        List<RawNotice> good = List.of(notice(), notice(), notice(), notice());
        byte[] malformed = "{not json".getBytes(StandardCharsets.UTF_8);

        List<RecordMetadata> produced = producePaused(
                key,
                List.of(write(good.get(0)), write(good.get(1)), malformed, write(good.get(2)), write(good.get(3))));

        List<ConsumerRecord<String, byte[]>> committed =
                KeyReads.readUntilTombstone(Topics.ENRICHED, "read_committed", key);
        assertThat(noticeIds(committed))
                .as("each good record once, in offset order")
                .containsExactlyElementsOf(
                        good.stream().map(RawNotice::noticeId).toList());
        assertThat(committed)
                .allSatisfy(r -> assertThat(TraceParent.traceId(EventHeaders.get(r.headers(), TraceParent.HEADER)))
                        .as("each event continues its record's trace")
                        .isEqualTo(EventHeaders.get(r.headers(), EventHeaders.TRACE_ID)));
        assertThat(committed.stream()
                        .map(r -> EventHeaders.get(r.headers(), EventHeaders.TRACE_ID))
                        .distinct())
                .as("a trace per record, not per poll")
                .hasSize(committed.size());

        List<ConsumerRecord<String, byte[]>> dead =
                KeyReads.read(Topics.RAW_DLT, "read_committed", key, found -> !found.isEmpty());
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(malformed);
        assertThat(EventHeaders.get(dead.get(0).headers(), "gongkai-dlt-reason"))
                .contains("MalformedEventException");
        assertThat(java.nio.ByteBuffer.wrap(dead.get(0)
                                .headers()
                                .lastHeader("kafka_dlt-original-offset")
                                .value())
                        .getLong())
                .isEqualTo(produced.get(2).offset());

        assertThat(sentTo(Topics.ENRICHED, key))
                .as("the poll was not rolled back and retried: four events and the tombstone, sent once")
                .hasSize(5);
        assertThat(sentTo(Topics.RAW_DLT, key)).hasSize(1);
    }

    @Test
    void aSendFailingInTheMiddleOfAPollRetriesTheWholePollAndEachEventIsCommittedOnce() throws Exception {
        String key = key();
        AtomicInteger ofTheKey = new AtomicInteger();
        recordSends(record -> key.equals(record.key()) && ofTheKey.incrementAndGet() == 3);
        List<RawNotice> good = List.of(notice(), notice(), notice(), notice(), notice());

        producePaused(key, good.stream().map(BatchTransactionIT::write).toList());

        List<ConsumerRecord<String, byte[]>> committed =
                KeyReads.readUntilTombstone(Topics.ENRICHED, "read_committed", key);
        assertThat(noticeIds(committed))
                .as("each event once, in offset order")
                .containsExactlyElementsOf(
                        good.stream().map(RawNotice::noticeId).toList());
        // The first delivery sends all six (the third fails); the retry sends the failed poll again from its first
        // record. The six usually arrive in one poll, but the first may come alone (its own, committed, poll).
        List<String> sends = sentTo(Topics.ENRICHED, key).stream()
                .map(r -> r.value() == null ? "tombstone" : EventHeaders.get(r.headers(), EventHeaders.TRACE_ID))
                .toList();
        assertThat(sends).hasSizeBetween(10, 12);
        List<String> retried = sends.subList(6, sends.size());
        assertThat(retried)
                .as("the retry repeats the failed poll, from its first record to the tombstone, each once")
                .containsExactlyElementsOf(sends.subList(12 - sends.size(), 6));
        // the two sends acknowledged before the failure reached the log, in the aborted transaction
        List<ConsumerRecord<String, byte[]>> uncommitted = KeyReads.read(
                Topics.ENRICHED,
                "read_uncommitted",
                key,
                found -> found.stream().filter(r -> r.value() != null).count() >= 7);
        assertThat(noticeIds(uncommitted).subList(0, 2))
                .containsExactly(good.get(0).noticeId(), good.get(1).noticeId());
    }

    /** Records what the service sends; the first record {@code failing} accepts gets a failed send instead. */
    @SuppressWarnings("unchecked")
    private void recordSends(Predicate<ProducerRecord<?, ?>> failing) {
        AtomicInteger failed = new AtomicInteger();
        doAnswer(invocation -> {
                    ProducerRecord<?, ?> record = invocation.getArgument(0);
                    sent.add(record);
                    if (failing.test(record) && failed.getAndIncrement() == 0) {
                        return CompletableFuture.failedFuture(new TimeoutException("injected send failure"));
                    }
                    return invocation.callRealMethod();
                })
                .when(template)
                .send(any(ProducerRecord.class));
    }

    private List<ProducerRecord<?, ?>> sentTo(String topic, String key) {
        return sent.stream()
                .filter(r -> r.topic().equals(topic) && key.equals(r.key()))
                .toList();
    }

    /** Produces the values and a closing tombstone under one key while the listener is paused, then resumes it. */
    private List<RecordMetadata> producePaused(String key, List<byte[]> values) throws Exception {
        container.pause();
        await().atMost(TIMEOUT).until(container::isContainerPaused);
        List<RecordMetadata> produced = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = KeyReads.producer()) {
            for (byte[] value : values) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.RAW, key, value);
                EventHeaders.stamp(record.headers(), EventHeaders.newTraceId(), "ingest-service", 1);
                produced.add(producer.send(record).get(30, TimeUnit.SECONDS));
            }
            produced.add(
                    producer.send(new ProducerRecord<>(Topics.RAW, key, null)).get(30, TimeUnit.SECONDS));
        } finally {
            container.resume();
        }
        assertThat(produced.stream().map(RecordMetadata::partition).distinct()).hasSize(1);
        return produced;
    }

    private static String key() {
        return "5555" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static RawNotice notice() {
        return Fixtures.raw(
                "https://www.donghu.gov.cn/xxgk/202308/t20230803_" + UUID.randomUUID() + ".html",
                "text/html",
                Fixtures.text("fixtures/trs-table.html"));
    }

    private static byte[] write(RawNotice raw) {
        return EventCodec.instance().write(raw);
    }

    private static List<String> noticeIds(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .filter(r -> r.value() != null)
                .map(r -> EventCodec.instance().readEnriched(r.value()).noticeId())
                .toList();
    }
}
