package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.EventCodec;
import org.gongkai.testsupport.LogCapture;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The continuous trainer as operators run it ({@link TrainContinuously}), on a real broker: it reads a topic of
 * enriched notices with declared categories from the beginning, trains a candidate and promotes it over a worse
 * current model in the registry, which enrich-service then picks up.
 */
class TrainContinuouslyIT {

    @Test
    void readsTheEnrichedTopicPromotesABetterCandidateAndAfterARollbackHoldsUntilReleased(@TempDir Path dir)
            throws Exception {
        Taxonomy taxonomy = Taxonomy.national();
        SubjectTrainer trainer = new SubjectTrainer(taxonomy, KeywordBaseline.standard(taxonomy));
        List<String> firstLevels = taxonomy.firstLevels();
        List<LabelledNotice> notices = notices();
        // the registry's current model learnt wrong labels: a candidate from the crawl must beat it
        ModelRegistry registry = new ModelRegistry(dir, 3, Clock.systemUTC());
        List<LabelledNotice> mislabelled = notices.stream()
                .map(n -> new LabelledNotice(
                        n.title(),
                        n.body(),
                        n.attachments(),
                        SubjectNode.of(
                                firstLevels.get((firstLevels.indexOf(n.label().first()) + 7) % 22))))
                .toList();
        registry.promote(
                trainer.train(mislabelled, List.of(), List.of(), SubjectTrainer.Options.defaults("subject-bad"))
                        .artefact(),
                "test");

        String bootstrap = RealServers.kafkaBootstrapServers();
        String topic = "trainer-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "broken", "{not json".getBytes(StandardCharsets.UTF_8)));
            for (int i = 0; i < notices.size(); i++) {
                LabelledNotice n = notices.get(i);
                producer.send(new ProducerRecord<>(topic, "n" + i, event(i, n)));
            }
            producer.flush();
        }

        String[] args = args(bootstrap, dir, topic);
        runUntil(args, () -> !registry.current().orElse("").equals("subject-bad"));
        String promoted = registry.current().orElseThrow();
        assertThat(promoted).startsWith("subject-crawl-");
        assertThat(registry.versions()).containsExactly("subject-bad", promoted);
        assertThat(registry.history().get(registry.history().size() - 1))
                .contains("\tpromote\t" + promoted + "\t")
                .contains("vs current subject-bad");
        // what enrich-service loads from this registry classifies with the promoted version
        assertThat(registry.currentModel().version()).isEqualTo(promoted);

        // the operator rolls back; a restarted trainer rebuilds the same examples, trains the same candidate, and holds
        registry.rollback("operator");
        try (LogCapture log = LogCapture.of(ContinuousTrainer.class)) {
            runUntil(args, () -> log.messages().stream().anyMatch(m -> m.startsWith("held, not promoted: ")));
            assertThat(registry.current()).contains("subject-bad");
            assertThat(log.messages())
                    .noneMatch(m -> m.startsWith("promoted: "))
                    .anyMatch(m -> m.contains("promotions held since ")
                            && m.contains("(rollback from " + promoted + " to subject-bad, operator)")
                            && m.contains("RollbackSubjectModel --registry DIR --resume"));
        }

        // released, a restarted trainer promotes again
        registry.release("operator");
        runUntil(args, () -> !registry.current().orElse("").equals("subject-bad"));
        assertThat(registry.current().orElseThrow())
                .startsWith("subject-crawl-")
                .isNotEqualTo(promoted);
    }

    /** A third of the generated corpus, without its background notices. */
    private static List<LabelledNotice> notices() throws java.io.IOException {
        List<LabelledNotice> notices = new ArrayList<>();
        List<LabelledNotice> all = CorpusGeneratorTest.corpus();
        for (int i = 0; i < all.size(); i += 3) {
            if (!all.get(i).background()) {
                notices.add(all.get(i));
            }
        }
        return notices;
    }

    private static byte[] event(int i, LabelledNotice n) {
        return EventCodec.instance()
                .write(CrawlNotices.withSubject(CrawlNotices.enriched(
                        "n" + i, 1, n.title(), n.body(), n.label().path())));
    }

    @Test
    void aPartitionAddedWhileTheTrainerRunsIsReadFromItsBeginningWithoutARestart(@TempDir Path dir) throws Exception {
        List<LabelledNotice> notices = notices();
        CrawlExamples all = new CrawlExamples(20);
        for (int i = 0; i < notices.size(); i++) {
            all.accept("n" + i, EventCodec.instance().readEnriched(event(i, notices.get(i))));
        }
        String bootstrap = RealServers.kafkaBootstrapServers();
        String topic = "trainer-partitions-it-" + UUID.randomUUID();
        // the trainer's, TopicFollower's and ContinuousTrainer's lines: one package
        LogCapture log = LogCapture.of(TrainContinuously.class.getPackageName());
        java.util.function.Supplier<List<String>> lines = log::messages;
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> running = null;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            String[] args = args(bootstrap, dir, topic, "--partition-check", "1");
            running = CompletableFuture.runAsync(() -> {
                try {
                    TrainContinuously.run(args, stop::get);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            CompletableFuture<Void> trainer = running;
            // the trainer has read the topic's 2 partitions (empty) before the operator adds 2 more
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> trainer.isDone()
                            || lines.get().stream().anyMatch(l -> l.startsWith("waiting for examples: 0 training")));
            assertThat(lines.get()).anyMatch(l -> l.startsWith("reading " + topic + " (2 partitions;"));

            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                for (int i = 0; i < notices.size(); i++) {
                    producer.send(new ProducerRecord<>(topic, 3, "n" + i, event(i, notices.get(i))));
                }
                producer.flush();
            }

            await().atMost(Duration.ofMinutes(3))
                    .until(() -> trainer.isDone()
                            || lines.get().stream().anyMatch(l -> l.contains("candidate subject-crawl-")));
            assertThat(trainer).isNotDone();
            assertThat(lines.get())
                    .containsOnlyOnce("new partitions of " + topic
                            + ": [2, 3]; reading them from the beginning (4 partitions now)");
            // the candidate trained on notices of partition 3 alone, read without a restart
            String decision = lines.get().stream()
                    .filter(l -> l.contains("candidate subject-crawl-"))
                    .findFirst()
                    .orElseThrow();
            java.util.regex.Matcher version = java.util.regex.Pattern.compile("candidate subject-crawl-\\d{14}-(\\d+) ")
                    .matcher(decision);
            assertThat(version.find()).as(decision).isTrue();
            assertThat(Integer.parseInt(version.group(1)))
                    .isBetween(300, all.training().size());
        } finally {
            stop.set(true);
            log.close();
            if (running != null) {
                running.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The trainer's arguments of these tests (a candidate at 300 examples, no retraining), then {@code more}. */
    private static String[] args(String bootstrap, Path dir, String topic, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--bootstrap",
                bootstrap,
                "--registry",
                dir.toString(),
                "--topic",
                topic,
                "--no-base",
                "--min-examples",
                "300",
                "--min-evaluation",
                "50",
                "--retrain-every",
                "100000"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Runs the trainer until {@code done} (or it ends), then stops it. */
    private static void runUntil(String[] args, java.util.concurrent.Callable<Boolean> done) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                TrainContinuously.run(args, stop::get);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> running.isDone() || done.call());
        } finally {
            stop.set(true);
            running.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTopicThatDoesNotExistIsNamedInTheErrorAndNotCreated(@TempDir Path dir) throws Exception {
        String bootstrap = RealServers.kafkaBootstrapServers();
        String topic = "absent-" + UUID.randomUUID();
        AtomicBoolean polledOnce = new AtomicBoolean();

        assertThatThrownBy(() -> TrainContinuously.run(
                        new String[] {"--bootstrap", bootstrap, "--registry", dir.toString(), "--topic", topic},
                        () -> polledOnce.getAndSet(true)))
                .isInstanceOf(TrainContinuously.NoSuchTopicException.class)
                .hasMessageContaining("topic " + topic + " does not exist at " + bootstrap);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic);
        }
    }
}
