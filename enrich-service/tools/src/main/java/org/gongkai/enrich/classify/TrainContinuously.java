package org.gongkai.enrich.classify;

import java.io.IOException;
import java.nio.file.Files;
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
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continuous trainer as a process (its own job, not part of enrich-service): reads {@code notices.enriched}
 * from the beginning (manual assignment of every partition, {@code read_committed}, nothing committed) and keeps
 * reading, promoting better models into the registry ({@link ContinuousTrainer}); partitions added to the topic
 * while it runs are found within {@code --partition-check} and read from their beginning ({@link TopicFollower});
 * stops on SIGTERM. Usage: {@link #USAGE}.
 *
 * <p>Operators roll back (and so hold promotions) and release with {@link RollbackSubjectModel}; enrich-service
 * follows the registry's current model ({@code gongkai.enrich.classify.model-registry=DIR}). Exit status 0 after
 * {@code --help}, 2 on bad arguments or a registry directory that does not exist (without {@code --create}: a
 * mistyped path is not a new registry), 1 when the broker does not answer within {@code --broker-wait} or the topic
 * does not exist (the trainer never creates it: enrich-service does on its start-up). Nothing is written to the
 * registry before the broker has answered.
 */
public final class TrainContinuously {

    private static final Logger log = LoggerFactory.getLogger(TrainContinuously.class);

    static final String USAGE = """
            TrainContinuously --bootstrap HOST:PORT --registry DIR [--create] [--topic notices.enriched] [--keep 5]
                              [--min-examples 500] [--retrain-every 200] [--min-evaluation 100] [--eval-percent 20]
                              [--no-base] [--broker-wait 30] [--partition-check 60]
              --registry DIR      the registry enrich-service follows (gongkai.enrich.classify.model-registry);
                                  it must exist unless --create
              --create            create DIR when it does not exist (a new, empty registry: the shipped model)
              --min-examples N    distinct labelled crawl examples on the training side before the first candidate
              --min-evaluation N  examples on the evaluation side (less copies of shipped real notices) to compare on
              --retrain-every N   changes to the examples between two candidates
              --eval-percent P    share of mirror keys set aside for evaluation (1-50); keep it fixed for a
                                  registry's life (recorded with every promotion)
              --no-base           do not also train on the 337 shipped real notices
              --broker-wait S     seconds to wait for the broker at start-up
              --partition-check S seconds between two looks for partitions added to the topic (read from the
                                  beginning when found)
            Roll back, hold and release promotions: RollbackSubjectModel --help""";

    private TrainContinuously() {}

    public static void main(String[] args) throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
        try {
            run(args, stop::get);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (NoSuchTopicException | BrokerUnavailableException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** Bad arguments (exit status 2). */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
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

    /** The broker did not answer at start-up. */
    static final class BrokerUnavailableException extends IllegalStateException {
        BrokerUnavailableException(String bootstrap, int seconds) {
            super("no answer from the broker at " + bootstrap + " within " + seconds
                    + " s (is Kafka running? check --bootstrap); nothing was written to the registry");
        }
    }

    /**
     * {@link #main} until {@code stop} says so (for tests and embedding; the caller owns the stop signal).
     *
     * @throws UsageException              on bad arguments or a registry directory that does not exist
     * @throws BrokerUnavailableException  when the broker does not answer within {@code --broker-wait}
     * @throws NoSuchTopicException        when the topic does not exist
     */
    static void run(String[] args, BooleanSupplier stop) throws IOException {
        String bootstrap = null;
        Path registryDir = null;
        boolean create = false;
        String topic = "notices.enriched";
        int keep = 5;
        int evalPercent = 20;
        int brokerWait = 30;
        int partitionCheck = 60;
        boolean withBase = true;
        ContinuousTrainer.Settings d = ContinuousTrainer.Settings.defaults();
        int minExamples = d.minExamples();
        int retrainEvery = d.retrainEvery();
        int minEvaluation = d.minEvaluation();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    case "--bootstrap" -> bootstrap = args[++i];
                    case "--registry" -> registryDir = Path.of(args[++i]);
                    case "--create" -> create = true;
                    case "--topic" -> topic = args[++i];
                    case "--keep" -> keep = Integer.parseInt(args[++i]);
                    case "--min-examples" -> minExamples = Integer.parseInt(args[++i]);
                    case "--retrain-every" -> retrainEvery = Integer.parseInt(args[++i]);
                    case "--min-evaluation" -> minEvaluation = Integer.parseInt(args[++i]);
                    case "--eval-percent" -> evalPercent = Integer.parseInt(args[++i]);
                    case "--broker-wait" -> brokerWait = Integer.parseInt(args[++i]);
                    case "--partition-check" -> partitionCheck = Integer.parseInt(args[++i]);
                    case "--no-base" -> withBase = false;
                    default -> throw new UsageException("unknown option " + args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new UsageException(args[args.length - 1] + " needs a value\n" + USAGE);
        } catch (NumberFormatException e) {
            throw new UsageException("not a number: " + e.getMessage() + "\n" + USAGE);
        } catch (UsageException e) {
            throw new UsageException(e.getMessage() + "\n" + USAGE);
        }
        if (bootstrap == null || registryDir == null) {
            throw new UsageException("--bootstrap and --registry are required\n" + USAGE);
        }
        if (!create && !Files.isDirectory(registryDir)) {
            throw new UsageException("no model registry at " + registryDir
                    + " (the directory does not exist; --create makes a new one, which enrich-service follows only"
                    + " if its gongkai.enrich.classify.model-registry names it)");
        }
        ContinuousTrainer.Settings settings;
        CrawlExamples examples;
        try {
            settings =
                    new ContinuousTrainer.Settings(minExamples, retrainEvery, minEvaluation, d.minGain(), d.options());
            examples = new CrawlExamples(evalPercent);
            if (keep < 2 || brokerWait < 1 || partitionCheck < 1) {
                throw new IllegalArgumentException("--keep at least 2, --broker-wait and --partition-check at least 1");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config(bootstrap))) {
            List<TopicPartition> partitions = new ArrayList<>();
            try {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(brokerWait))) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            } catch (TimeoutException e) {
                throw new BrokerUnavailableException(bootstrap, brokerWait);
            }
            if (partitions.isEmpty()) {
                throw new NoSuchTopicException(topic, bootstrap);
            }
            Taxonomy taxonomy = Taxonomy.national();
            // the shipped model trained on the shipped real notices: never evaluate on them, with or without --no-base
            List<LabelledNotice> shipped =
                    RealNotices.notices(RealNotices.shipped(DeclaredCategoryMapper.standard(), new int[1]));
            ModelRegistry registry = new ModelRegistry(registryDir, keep, Clock.systemUTC());
            ContinuousTrainer trainer = new ContinuousTrainer(
                    new SubjectTrainer(taxonomy, KeywordBaseline.standard(taxonomy)),
                    registry,
                    examples,
                    withBase ? shipped : List.of(),
                    shipped,
                    settings,
                    Clock.systemUTC());
            log.info(
                    "reading {} ({} partitions; new ones looked for every {} s) at {} from the beginning; registry {},"
                            + " current model {}{}",
                    topic,
                    partitions.size(),
                    partitionCheck,
                    bootstrap,
                    registryDir,
                    registry.current().orElse("(shipped)"),
                    registry.hold()
                            .map(h -> "; promotions " + h + ", released with RollbackSubjectModel --resume")
                            .orElse(""));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            new TopicFollower(consumer, topic, Duration.ofSeconds(partitionCheck), Clock.systemUTC())
                    .run(trainer, Duration.ofSeconds(1), stop);
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
                // a position gone (records deleted by retention under the reader) resumes at the oldest record left
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG,
                "gongkai-subject-trainer",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class);
    }
}
