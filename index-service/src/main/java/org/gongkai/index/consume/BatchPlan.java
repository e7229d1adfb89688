package org.gongkai.index.consume;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gongkai.index.write.IndexOperation;

/**
 * What to do with one poll of records.
 *
 * @param operations writes to Elasticsearch, in record order
 * @param malformed  records that cannot be indexed at all, for the dead-letter topic
 * @param superseded records made moot by a later record of the same notice in the same batch
 */
public record BatchPlan(List<IndexOperation> operations, List<Malformed> malformed, int superseded) {

    /** A record that cannot become an operation, and why. */
    public record Malformed(ConsumerRecord<?, ?> record, Exception cause) {}
}
