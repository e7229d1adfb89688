package org.gongkai.ingest.crawl;

import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A state producer whose {@code send} of one record blocks the caller, as {@code KafkaProducer.send} does while it
 * waits for the topic's metadata: {@link #blockOn} says for which key and what the wait does (moves the test's clock
 * and runs its timer; throws to end as {@code max.block.ms} does). Every other send is taken at once, acknowledged.
 * Used on one thread.
 */
final class BlockingStateProducer extends MockProducer<String, byte[]> {

    /** What the blocked send does before it returns (or instead, when it throws). */
    interface Wait {
        void run();
    }

    private String blockedKey;
    private Wait wait;

    BlockingStateProducer() {
        super(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    BlockingStateProducer blockOn(String key, Wait wait) {
        this.blockedKey = key;
        this.wait = wait;
        return this;
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        if (record.key().equals(blockedKey)) {
            blockedKey = null;
            wait.run();
        }
        return super.send(record, callback);
    }
}
