package org.gongkai.ingest.crawl;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.gongkai.ingest.fetch.HostAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Partitions hosts over the ingest-service instances through Kafka's consumer-group protocol: every instance
 * joins one group on the (empty) coordination topic, each host maps to one of its partitions (murmur2 of the
 * lower-case host name, as Kafka partitions keys), and an instance sends requests only to hosts whose partition
 * is assigned to it. Kafka assigns each partition to one member at a time; before a partition moves, this
 * instance stops starting requests to its hosts and waits (in the rebalance callback) for the one in flight, so
 * two instances never have a request to the same host in flight together. With per-host politeness inside each
 * instance, the one-request-per-host limit holds across instances.
 *
 * <p>A host's pause after failures goes with it: it is kept in the crawl state, which every instance follows, and the
 * new owner honours its rest ({@link org.gongkai.ingest.fetch.MinDelayPoliteness}); the other per-host timing
 * (delays, backoff, Retry-After) starts afresh there.
 *
 * <p>Until the first assignment arrives, the instance owns nothing and crawls nothing. A member that stops
 * polling (crash) loses its partitions after the session timeout; a request of it still in flight then is the one
 * case the guarantee cannot cover. Thread-safe.
 */
public final class KafkaHostAssignment implements HostAssignment, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaHostAssignment.class);

    private final String topic;
    private final Map<String, Object> consumerProperties;
    private final Map<Integer, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> owned = new ConcurrentHashMap<>();
    private volatile int partitions;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    /**
     * @param consumerProperties Kafka consumer settings (bootstrap servers, security); group and deserializers are
     *                           set here
     */
    public KafkaHostAssignment(String topic, String group, Map<String, Object> consumerProperties) {
        this.topic = topic;
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        this.consumerProperties = props;
    }

    /** The partition of the coordination topic a host belongs to, or -1 before the topic's size is known. */
    int partitionOf(String host) {
        int n = partitions;
        if (n <= 0) {
            return -1;
        }
        byte[] key = host.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % n;
    }

    @Override
    public boolean owns(String host) {
        int p = partitionOf(host);
        return p >= 0 && owned.getOrDefault(p, false);
    }

    @Override
    public boolean enter(String host) throws InterruptedException {
        int p = partitionOf(host);
        if (p < 0) {
            return false;
        }
        ReentrantReadWriteLock lock = lock(p);
        if (!lock.readLock().tryLock(1, TimeUnit.SECONDS)) {
            return false; // a rebalance is taking the partition away
        }
        if (!owned.getOrDefault(p, false)) {
            lock.readLock().unlock();
            return false;
        }
        return true;
    }

    @Override
    public void exit(String host) {
        int p = partitionOf(host);
        if (p >= 0) {
            lock(p).readLock().unlock();
        }
    }

    private ReentrantReadWriteLock lock(int partition) {
        return locks.computeIfAbsent(partition, k -> new ReentrantReadWriteLock());
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "host-assignment");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties)) {
            consumer = c;
            while (running && partitions <= 0) {
                try {
                    List<org.apache.kafka.common.PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
                    partitions = infos == null ? 0 : infos.size();
                    if (partitions <= 0) {
                        Thread.sleep(500); // declared at start-up, not in the metadata yet
                    }
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    log.warn("coordination topic {} not available yet: {}", topic, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    release(revoked);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> lost) {
                    release(lost);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    for (TopicPartition tp : assigned) {
                        owned.put(tp.partition(), true);
                    }
                    log.info(
                            "host partitions assigned: {}",
                            assigned.stream().map(TopicPartition::partition).toList());
                }
            });
            while (running) {
                c.poll(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("host assignment stopped; this instance crawls no host", e);
        } finally {
            owned.clear();
            consumer = null;
        }
    }

    /** Takes partitions away: no new request to their hosts, and waits for those in flight. */
    private void release(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            owned.put(tp.partition(), false);
            ReentrantReadWriteLock lock = lock(tp.partition());
            lock.writeLock().lock(); // waits for requests in flight to this partition's hosts
            lock.writeLock().unlock();
        }
        if (!partitions.isEmpty()) {
            log.info(
                    "host partitions released: {}",
                    partitions.stream().map(TopicPartition::partition).toList());
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started before the crawl scheduler, stopped after it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
