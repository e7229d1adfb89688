package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.gongkai.events.EventCodec;
import org.gongkai.testsupport.LogCapture;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Partitions added to the topic while the trainer runs: found at the next look, read from their beginning. */
class TopicFollowerTest {

    private static final String TOPIC = "notices.enriched";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);
    private static final Duration EVERY = Duration.ofMinutes(1);
    private static final String DECLARED = Taxonomy.national().firstLevels().get(0);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));

    @RegisterExtension
    final LogCapture log = LogCapture.of(TopicFollowerTest.class.getPackageName());

    @TempDir
    Path dir;

    private List<String> lines(Class<?> of, Level level) {
        return log.events().stream()
                .filter(e -> e.getLoggerName().equals(of.getName()) && e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static void partitions(MockConsumer<?, ?> consumer, TopicPartition... partitions) {
        consumer.updatePartitions(
                TOPIC,
                java.util.Arrays.stream(partitions)
                        .map(p -> new PartitionInfo(TOPIC, p.partition(), null, null, null))
                        .toList());
        for (TopicPartition p : partitions) {
            consumer.updateBeginningOffsets(Map.of(p, 0L));
        }
    }

    private static ConsumerRecord<String, byte[]> notice(TopicPartition partition, int offset, int n) {
        byte[] event = EventCodec.instance()
                .write(CrawlNotices.withSubject(
                        CrawlNotices.enriched("n" + n, 1, "关于第" + n + "批征兵工作的通知", "第" + n + "号 兵役登记 征兵体检", DECLARED)));
        return new ConsumerRecord<>(TOPIC, partition.partition(), offset, "n" + n, event);
    }

    @Test
    void aPartitionAddedWhileRunningIsFoundAtTheNextLookAssignedFromItsBeginningAndNamedInOneLine() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        partitions(consumer, P0);
        consumer.assign(List.of(P0));
        consumer.seek(P0, 5);
        TopicFollower follower = new TopicFollower(consumer, TOPIC, EVERY, clock);
        partitions(consumer, P0, P1, P2);

        assertThat(follower.lookForNewPartitions())
                .as("no look before %s has passed", EVERY)
                .isEmpty();
        assertThat(consumer.assignment()).containsExactly(P0);

        clock.advance(EVERY);
        assertThat(follower.lookForNewPartitions()).containsExactly(P1, P2);
        assertThat(consumer.assignment()).containsExactlyInAnyOrder(P0, P1, P2);
        assertThat(consumer.position(P0))
                .as("the partition already read keeps its position")
                .isEqualTo(5);
        consumer.addRecord(notice(P1, 0, 1));
        consumer.addRecord(notice(P2, 0, 2));
        assertThat(consumer.poll(Duration.ZERO).count())
                .as("the new partitions read from offset 0")
                .isEqualTo(2);
        assertThat(lines(TopicFollower.class, Level.INFO))
                .containsExactly(
                        "new partitions of notices.enriched: [1, 2]; reading them from the beginning (3 partitions now)");

        clock.advance(EVERY);
        assertThat(follower.lookForNewPartitions())
                .as("nothing new at the next look")
                .isEmpty();
        assertThat(lines(TopicFollower.class, Level.INFO)).hasSize(1);
    }

    @Test
    void aLookThatFailsIsSaidOnceReadingGoesOnAndTheNextLookThatAnswersFindsThePartition() {
        AtomicBoolean brokerAway = new AtomicBoolean(true);
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized Map<String, List<PartitionInfo>> listTopics(Duration timeout) {
                if (brokerAway.get()) {
                    throw new TimeoutException("Timeout expired while fetching topic metadata");
                }
                return super.listTopics(timeout);
            }
        };
        partitions(consumer, P0, P1);
        consumer.assign(List.of(P0));
        TopicFollower follower = new TopicFollower(consumer, TOPIC, EVERY, clock);

        for (int i = 0; i < 3; i++) {
            clock.advance(EVERY);
            assertThat(follower.lookForNewPartitions()).isEmpty();
        }
        assertThat(lines(TopicFollower.class, Level.WARN))
                .singleElement()
                .asString()
                .startsWith("could not look for new partitions of notices.enriched (")
                .endsWith("); reading goes on, next look in 60 s");

        brokerAway.set(false);
        clock.advance(EVERY);
        assertThat(follower.lookForNewPartitions()).containsExactly(P1);
    }

    @Test
    void aNewPartitionsBacklogIsReadBeforeTheTrainerSaysItHasCaughtUp() throws IOException {
        CrawlExamples examples = new CrawlExamples(20);
        Taxonomy taxonomy = Taxonomy.national();
        ContinuousTrainer trainer = new ContinuousTrainer(
                new SubjectTrainer(taxonomy, KeywordBaseline.standard(taxonomy)),
                new ModelRegistry(dir, 3, clock),
                examples,
                List.of(),
                ContinuousTrainer.Settings.defaults(),
                clock);
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        partitions(consumer, P0);
        consumer.assign(List.of(P0));
        consumer.seekToBeginning(List.of(P0));
        AtomicInteger n = new AtomicInteger();
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < 50; i++) {
                consumer.addRecord(notice(P0, i, n.getAndIncrement()));
            }
        });
        consumer.schedulePollTask(() -> {
            for (int i = 50; i < 60; i++) {
                consumer.addRecord(notice(P0, i, n.getAndIncrement()));
            }
            // an operator adds a partition, which already holds 30 notices the broker has not sent yet
            partitions(consumer, P0, P1);
            consumer.updateEndOffsets(Map.of(P1, 30L));
            clock.advance(EVERY);
        });
        consumer.schedulePollTask(() -> {}); // P1 assigned before this poll; nothing fetched from it yet
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < 30; i++) {
                consumer.addRecord(notice(P1, i, n.getAndIncrement()));
            }
        });
        AtomicInteger polls = new AtomicInteger();

        new TopicFollower(consumer, TOPIC, EVERY, clock)
                .run(trainer, Duration.ZERO, () -> polls.getAndIncrement() >= 7);

        assertThat(examples.size()).isEqualTo(90);
        assertThat(lines(TopicFollower.class, Level.INFO))
                .containsExactly(
                        "new partitions of notices.enriched: [1]; reading them from the beginning (2 partitions now)");
        assertThat(lines(ContinuousTrainer.class, Level.INFO))
                .as("the first poll's line; no caught-up line while the new partition's 30 notices were unread,"
                        + " one after them")
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith("waiting for examples: "));
        assertThat(lines(ContinuousTrainer.class, Level.INFO).get(1)).contains("(90 distinct labelled notices so far");
    }

    @Test
    void aLookIntervalMustBePositive() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        assertThatThrownBy(() -> new TopicFollower(consumer, TOPIC, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
