package org.gongkai.enrich.classify;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The continuous trainer as a process (its own job, not part of enrich-service): reads {@code notices.enriched}
 * from the beginning (manual assignment of every partition, {@code read_committed}, nothing committed) and keeps
 * reading, promoting better models into the registry ({@link ContinuousTrainer}); stops on SIGTERM.
 *
 * <pre>
 * TrainContinuously --bootstrap HOST:PORT --registry DIR [--topic notices.enriched] [--keep 5]
 *                   [--min-examples 500] [--retrain-every 200] [--min-evaluation 100] [--eval-percent 20]
 *                   [--no-base]
 * </pre>
 *
 * Operators roll back with {@link RollbackSubjectModel}; enrich-service loads the registry's current model at
 * start-up ({@code gongkai.enrich.classify.model-registry=DIR}). Exit status 2 on bad arguments, 1 when the topic
 * does not exist (the trainer never creates it: enrich-service does on its start-up).
 */
public final class TrainContinuously {

    private TrainContinuously() {}

    public static void main(String[] args) throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
        try {
            run(args, stop::get);
        } catch (NoSuchTopicException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** The topic to read is not on the broker. */
    static final class NoSuchTopicException extends IllegalStateException {
        NoSuchTopicException(String topic, String bootstrap) {
            super("topic " + topic + " does not exist at " + bootstrap
                    + " (the trainer never creates it; enrich-service does when it starts: start the run first,"
                    + " or check --topic and --bootstrap)");
        }
    }

    /** {@link #main} until {@code stop} says so (for tests and embedding; the caller owns the stop signal). */
    static void run(String[] args, BooleanSupplier stop) throws IOException {
        String bootstrap = null;
        Path registryDir = null;
        String topic = "notices.enriched";
        int keep = 5;
        int evalPercent = 20;
        boolean withBase = true;
        ContinuousTrainer.Settings d = ContinuousTrainer.Settings.defaults();
        int minExamples = d.minExamples();
        int retrainEvery = d.retrainEvery();
        int minEvaluation = d.minEvaluation();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--bootstrap" -> bootstrap = args[++i];
                    case "--registry" -> registryDir = Path.of(args[++i]);
                    case "--topic" -> topic = args[++i];
                    case "--keep" -> keep = Integer.parseInt(args[++i]);
                    case "--min-examples" -> minExamples = Integer.parseInt(args[++i]);
                    case "--retrain-every" -> retrainEvery = Integer.parseInt(args[++i]);
                    case "--min-evaluation" -> minEvaluation = Integer.parseInt(args[++i]);
                    case "--eval-percent" -> evalPercent = Integer.parseInt(args[++i]);
                    case "--no-base" -> withBase = false;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (bootstrap == null || registryDir == null) {
                throw new IllegalArgumentException("--bootstrap and --registry are required");
            }
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Taxonomy taxonomy = Taxonomy.national();
        List<LabelledNotice> base = withBase
                ? RealNotices.notices(RealNotices.shipped(DeclaredCategoryMapper.standard(), new int[1]))
                : List.of();
        ContinuousTrainer trainer = new ContinuousTrainer(
                new SubjectTrainer(taxonomy, KeywordBaseline.standard(taxonomy)),
                new ModelRegistry(registryDir, keep, Clock.systemUTC()),
                new CrawlExamples(evalPercent),
                base,
                new ContinuousTrainer.Settings(minExamples, retrainEvery, minEvaluation, d.minGain(), d.options()),
                Clock.systemUTC());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config(bootstrap))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            if (partitions.isEmpty()) {
                throw new NoSuchTopicException(topic, bootstrap);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            trainer.run(consumer, Duration.ofSeconds(1), stop);
        }
    }

    static Map<String, Object> config(String bootstrap) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                false,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "gongkai-subject-trainer",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class);
    }
}
