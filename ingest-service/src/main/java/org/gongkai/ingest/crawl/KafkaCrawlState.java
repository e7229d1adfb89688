package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gongkai.ingest.fetch.HostPause;
import org.gongkai.ingest.fetch.HostPauses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.TopicBuilder;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link CrawlState} kept in a compacted Kafka topic (default {@code notices.crawl-state}), keyed by notice id,
 * value the {@link UrlState} as JSON, a tombstone when a notice is forgotten; beside them one {@link CrawlMark} per
 * site (key {@code site:<id>}) and the pause of each failing host ({@link HostPause}, key {@code host:<host>}, a
 * tombstone when the host answered again; written at once, {@link StateTopicPauses}). Reads are served by a local store (a {@link RocksDbCrawlState} on local disk in the
 * service, or an {@link InMemoryCrawlState}), which this class writes through to the topic and restores from it,
 * as Kafka Streams does with its state stores: on start-up (the first {@link #load()}, called before the first
 * crawl, not during application start) the topic is read from the beginning to its current end into the (new,
 * empty) store, so the crawler resumes where it stopped and no local file needs to survive a restart.
 * {@link CrawlStateRestorer} starts that load when the application starts.
 *
 * <p>Restore: large polls (5,000 records, 4 MiB per partition); a store that is {@link BulkRestorable} (the
 * RocksDB one) takes each poll's notice records in one batch with their bytes as read, any other store one
 * decoded put or remove at a time. Progress ({@link #restoreProgress()}) feeds readiness, a log line every 10 s
 * and the gauges {@code gongkai.ingest.state.restore.records}, {@code .restore.remaining} and
 * {@code gongkai.ingest.state.restored}. A restore that fails or exceeds {@code loadTimeout} leaves the store as
 * far as it got; the next {@link #load()} reads the topic from the beginning again, which is idempotent.
 *
 * <p>Writes ({@link StateTopicWriter}) are sent asynchronously with the service's producer settings (acks=all,
 * idempotence), but held up to {@value StateTopicWriter#STATE_LINGER_MS} ms (or the configured {@code linger.ms}, if longer) so that the records of the crawls
 * running at once share produce requests: sent one by one, as each notice's ack came, they were a request each
 * (session 10); {@link #flush()} (called at the start and end of each crawl) sends and waits for them (as long as the broker
 * takes: {@link BrokerWaits} tells the operator, as it does when a send blocks). A lost write only means a notice is fetched or
 * published once more after a restart, never that one is lost: the crawler writes state only after the notice
 * itself was acknowledged. Failed writes are logged and counted ({@code gongkai.ingest.state.write.errors}).
 *
 * <p>Memory: that of the local store. Several instances (host coordination on) share the topic:
 * each holds the whole state and, with {@link #followOtherInstances()}, keeps reading the topic so that the
 * writes of the instance that crawled a host before are known when the host moves here. A record of this
 * instance read back late can briefly replace a newer local entry; the next record puts it right, at worst one
 * extra fetch.
 *
 * <p>Thread-safe.
 */
public final class KafkaCrawlState implements CrawlState, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCrawlState.class);

    private final String topic;
    private final CrawlState local;
    private final Map<String, Object> consumerProperties;
    private final Duration loadTimeout;
    private final StateTopicWriter writer;
    private final StateTopicPauses pauses;
    /** Bound to the state's type once: one state encoded per page. */
    private final ObjectWriter stateWriter = JsonMapper.builder().build().writerFor(UrlState.class);

    private final StateTopicRecords records;
    private volatile boolean loaded;
    private volatile boolean follow;
    private volatile Thread follower;
    private volatile boolean closed;
    private final RestoreProgress progress = new RestoreProgress(System::nanoTime);

    /**
     * @param producerProperties Kafka producer settings (bootstrap servers, acks, idempotence, …); serializers are
     *                           replaced
     * @param consumerProperties Kafka consumer settings (bootstrap servers, security); group and deserializers are
     *                           replaced
     * @param local              the store that holds the state here, empty; closed with this one when closeable
     * @param waits              says so when a state record's send blocks long (the crawler's, one per registry)
     */
    public KafkaCrawlState(
            CrawlState local,
            String topic,
            Map<String, Object> producerProperties,
            Map<String, Object> consumerProperties,
            Duration loadTimeout,
            MeterRegistry meters,
            BrokerWaits waits) {
        this(
                local,
                topic,
                new StateTopicWriter(topic, producerProperties, meters, waits),
                consumerProperties,
                loadTimeout,
                meters);
    }

    /** @param writer writes to {@code topic}; closed with this one */
    KafkaCrawlState(
            CrawlState local,
            String topic,
            StateTopicWriter writer,
            Map<String, Object> consumerProperties,
            Duration loadTimeout,
            MeterRegistry meters) {
        this.local = local;
        this.records = new StateTopicRecords(local);
        this.topic = topic;
        this.loadTimeout = loadTimeout;
        this.writer = writer;
        this.pauses = new StateTopicPauses(local.pauses(), writer);
        Map<String, Object> consumerProps = new HashMap<>(consumerProperties);
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-crawl-state-loader");
        StateTopicRestore.configure(consumerProps);
        this.consumerProperties = consumerProps;
        progress.register(meters);
    }

    /** How far the restore from the topic has come. */
    public RestoreProgress restoreProgress() {
        return progress;
    }

    public String topic() {
        return topic;
    }

    /**
     * The declaration of a crawl-state topic: compacted (only the last state of each notice and mark is needed to
     * restore), created by the service at start-up ({@code gongkai.topics.declare}).
     */
    public static NewTopic topicDeclaration(String topic, int partitions, int replicas) {
        return TopicBuilder.name(topic)
                .partitions(partitions)
                .replicas(replicas)
                .compact()
                .build();
    }

    /**
     * After loading, keeps reading the topic in a background thread, so that state written by other instances
     * (which crawl the hosts this instance does not own, see {@link KafkaHostAssignment}) is known here when a
     * host moves to this instance. Call before the first {@link #load()}.
     */
    public KafkaCrawlState followOtherInstances() {
        this.follow = true;
        return this;
    }

    @Override
    public void load() throws InterruptedException {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (!loaded) {
                readToEnd();
                loaded = true;
            }
        }
    }

    private void readToEnd() throws InterruptedException {
        KafkaConsumer<String, byte[]> consumer =
                new StateTopicRestore(topic, consumerProperties, loadTimeout, local, progress, records::apply).run();
        if (follow) {
            startFollowing(consumer);
        } else {
            consumer.close();
        }
    }

    /** Keeps polling the loaded consumer; records of other instances update the map. */
    private void startFollowing(KafkaConsumer<String, byte[]> consumer) {
        Thread thread = new Thread(
                () -> {
                    try (consumer) {
                        while (!closed) {
                            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                                records.apply(record);
                            }
                        }
                    } catch (org.apache.kafka.common.errors.InterruptException e) {
                        // closing
                    } catch (RuntimeException e) {
                        log.warn("crawl state: following {} stopped: {}", topic, e.toString());
                    }
                },
                "crawl-state-follower");
        thread.setDaemon(true);
        follower = thread;
        thread.start();
    }

    @Override
    public void put(String noticeId, UrlState state) {
        // Encoded once: the same bytes go to a local store that keeps JSON and to the topic.
        byte[] value = stateWriter.writeValueAsBytes(state);
        if (local instanceof EncodedStore encoded) {
            encoded.put(noticeId, state, value);
        } else {
            local.put(noticeId, state);
        }
        writer.send(state.siteId(), noticeId, value);
    }

    @Override
    public void putMark(CrawlMark mark) {
        local.putMark(mark);
        writer.send(mark.siteId(), mark.key(), MarkCodec.encode(mark));
    }

    @Override
    public void remove(String noticeId) {
        // Its site names the crawl in the log should the send block (BrokerWaits); forgotten notices are few.
        String siteId = local.get(noticeId).map(UrlState::siteId).orElse("?");
        local.remove(noticeId);
        writer.send(siteId, noticeId, null);
    }

    /** Written to the topic at once, not held for the linger (see {@link StateTopicPauses}). */
    @Override
    public HostPauses pauses() {
        return pauses;
    }

    @Override
    public Optional<UrlState> get(String noticeId) {
        return local.get(noticeId);
    }

    @Override
    public void forEachOfSite(String siteId, Consumer<UrlState> action) {
        local.forEachOfSite(siteId, action);
    }

    @Override
    public int sizeOfSite(String siteId) {
        return local.sizeOfSite(siteId);
    }

    @Override
    public KnownUrls knownOfSite(String siteId) {
        return local.knownOfSite(siteId);
    }

    @Override
    public Optional<CrawlMark> mark(String siteId) {
        return local.mark(siteId);
    }

    @Override
    public int size() {
        return local.size();
    }

    @Override
    public void flush() {
        writer.flush();
    }

    @Override
    public long writeFailures() {
        return writer.failures();
    }

    @Override
    public void close() {
        closed = true;
        Thread thread = follower;
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writer.close();
        if (local instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("crawl state: closing the local store failed: {}", e.toString());
            }
        }
    }
}
