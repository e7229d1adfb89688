package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of {@link KafkaCrawlState}: sends each state record (a tombstone when the value is null) to the
 * state topic asynchronously with the service's producer settings (acks=all, idempotence), held up to {@value
 * #STATE_LINGER_MS} ms (or the configured {@code linger.ms}, if longer) so that the records of the crawls running at
 * once share produce requests; {@link #flush()} sends and waits for them. A failed write is logged and counted
 * ({@code gongkai.ingest.state.write.errors}), never thrown: a lost state record only means a notice is fetched or
 * published once more after a restart. A host pause goes at once instead ({@link #sendAtOnce}).
 *
 * <p>Thread-safe (the Kafka producer is).
 */
final class StateTopicWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCrawlState.class);

    /** How long a state record may wait for others to share its produce request (ms). */
    static final int STATE_LINGER_MS = 50;

    private final String topic;
    private final Producer<String, byte[]> producer;
    /** Flushes for {@link #sendAtOnce}, off the caller's thread; one thread, its flush requests coalesced. */
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "crawl-state-flush");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();
    private final Counter writeErrors;

    /** @param producerProperties the service's producer settings; serializers, client id and linger are replaced */
    StateTopicWriter(String topic, Map<String, Object> producerProperties, MeterRegistry meters) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(producerProperties(producerProperties));
        // Registered at start (0 until a failure), so an alert rule may read it (GongkaiCrawlWaitingForBroker).
        this.writeErrors = Counter.builder("gongkai.ingest.state.write.errors")
                .description("Crawl state records the broker did not acknowledge")
                .register(meters);
    }

    /** The state producer's settings: the service's, with its own serializers, client id and linger. */
    static Map<String, Object> producerProperties(Map<String, Object> service) {
        Map<String, Object> props = new HashMap<>(service);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-crawl-state");
        // No one waits for a state record but flush(): gather the records of the running crawls into fewer requests.
        Object configured = props.get(ProducerConfig.LINGER_MS_CONFIG);
        long linger =
                configured == null ? 0 : Long.parseLong(configured.toString().strip());
        props.put(ProducerConfig.LINGER_MS_CONFIG, Math.max(linger, STATE_LINGER_MS));
        return props;
    }

    /** Sends a record of the state topic: a notice's state or a crawl mark, or a tombstone when {@code value} is null. */
    void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    writeFailed(key, error);
                }
            });
        } catch (KafkaException e) {
            writeFailed(key, e);
        }
    }

    private void writeFailed(String key, Exception error) {
        failures.incrementAndGet();
        log.warn("crawl state of {} not stored: {}", key, error.toString());
        writeErrors.increment();
    }

    /** Records the broker did not take since the writer was made ({@link CrawlState#writeFailures()}). */
    long failures() {
        return failures.get();
    }

    /**
     * Sends a record without holding it for the linger: a flush of the producer is started on the writer's own
     * thread (records sent meanwhile go with it), so the caller is not blocked, also not by a broker that does not
     * answer. For the few records whose loss in a crash matters beyond one more fetch: the host pauses.
     */
    void sendAtOnce(String key, byte[] value) {
        send(key, value);
        // Set before the flush starts and cleared as it starts: a record sent after the clearing gets a flush of its
        // own.
        if (flushRequested.compareAndSet(false, true)) {
            try {
                flusher.execute(() -> {
                    flushRequested.set(false);
                    flushQuietly();
                });
            } catch (RejectedExecutionException e) {
                flushRequested.set(false); // closing: close() sends what is left
            }
        }
    }

    private void flushQuietly() {
        try {
            producer.flush();
        } catch (KafkaException e) {
            log.warn("crawl state: flush failed: {}", e.toString());
        }
    }

    /** Sends the records held back and waits for their acknowledgements. */
    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        flusher.shutdown();
        producer.close(Duration.ofSeconds(10));
    }
}
