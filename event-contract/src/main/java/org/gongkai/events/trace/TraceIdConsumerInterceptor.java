package org.gongkai.events.trace;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.gongkai.events.EventHeaders;

/**
 * Kafka consumer interceptor ({@code interceptor.classes}) that gives a record carrying a {@code gongkai-trace-id}
 * but no W3C {@code traceparent} (written by a producer without tracing, or replayed by a tool that dropped it) a
 * {@code traceparent} with that trace id, so the listener's observation continues the notice's trace instead of
 * starting another: one trace id per notice. Records that have a {@code traceparent} are left as they are.
 *
 * <p>Runs on the consumer's polling thread, changes only the headers of the records in memory; stateless.
 */
public class TraceIdConsumerInterceptor implements ConsumerInterceptor<Object, Object> {

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        for (ConsumerRecord<Object, Object> record : records) {
            TraceParent.addIfAbsent(record.headers(), EventHeaders.get(record.headers(), EventHeaders.TRACE_ID));
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
}
