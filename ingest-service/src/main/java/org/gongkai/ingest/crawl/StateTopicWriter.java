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
import org.gongkai.ingest.fetch.HostPause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of {@link KafkaCrawlState}: sends each state record (a tombstone when the value is null) to the
 * state topic asynchronously with the service's producer settings (acks=all, idempotence), held up to {@value
 * #STATE_LINGER_MS} ms (or the configured {@code linger.ms}, if longer) so that the records of the crawls running at
 * once share produce requests; {@link #flush()} sends and waits for them. A failed write is logged and counted
 * ({@code gongkai.ingest.state.write.errors}), never thrown: a lost state record only means a notice is fetched or
 * published once more after a restart. A host pause goes at once instead ({@link #sendPause}).
 *
 * <p>A send blocks the caller (a crawl's thread) while the producer does not know the topic's metadata or has no
 * buffer space, up to {@code max.block.ms} (1 min by default), e.g. after it dropped the metadata when the records
 * of a frozen broker expired (session 19's re-trial): {@link BrokerWaits} watches each send as the waits of the
 * record's site (a pause's: its host), so such a wait is warned as a flush's is.
 *
 * <p>Thread-safe (the Kafka producer is).
 */
final class StateTopicWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCrawlState.class);

    /** How long a state record may wait for others to share its produce request (ms). */
    static final int STATE_LINGER_MS = 50;

    private final String topic;
    private final Producer<String, byte[]> producer;
    private final BrokerWaits waits;
    /** Flushes for {@link #sendPause}, off the caller's thread; one thread, its flush requests coalesced. */
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "crawl-state-flush");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();
    private final Counter writeErrors;

    /**
     * @param producerProperties the service's producer settings; serializers, client id and linger are replaced
     * @param waits              says so when a send blocks long
     */
    StateTopicWriter(String topic, Map<String, Object> producerProperties, MeterRegistry meters, BrokerWaits waits) {
        this(topic, new KafkaProducer<>(producerProperties(producerProperties)), meters, waits);
    }

    /** @param producer the state producer ({@link #producerProperties}); closed with this writer */
    StateTopicWriter(String topic, Producer<String, byte[]> producer, MeterRegistry meters, BrokerWaits waits) {
        this.topic = topic;
        this.producer = producer;
        this.waits = waits;
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

    /**
     * Sends a record of the crawl of {@code siteId} to the state topic: a notice's state or the site's crawl mark, or
     * a tombstone when {@code value} is null.
     */
    void send(String siteId, String key, byte[] value) {
        send(waits.forSite(siteId), key, value);
    }

    private void send(BrokerWaits.OfSite watch, String key, byte[] value) {
        watch.run(
                "its crawl state record " + key + " to be sent (the producer waits for the topic's metadata)",
                () -> sendUnwatched(key, value));
    }

    private void sendUnwatched(String key, byte[] value) {
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
     * Sends the pause of {@code host} (a tombstone when {@code value} is null) without holding it for the linger: a
     * flush of the producer is started on the writer's own thread (records sent meanwhile go with it), so the caller
     * is not blocked by the acknowledgement, also not by a broker that does not answer (the send itself may block,
     * watched). For the few records whose loss in a crash matters beyond one more fetch: the host pauses.
     */
    void sendPause(String host, byte[] value) {
        send(waits.forHost(host), HostPause.key(host), value);
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
