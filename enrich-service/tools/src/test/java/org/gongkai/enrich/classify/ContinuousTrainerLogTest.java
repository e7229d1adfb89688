package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.gongkai.events.EventCodec;
import org.gongkai.testsupport.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the trainer says while it waits for examples: the reason once when it changes, not every poll. */
class ContinuousTrainerLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
    private static final TopicPartition PARTITION = new TopicPartition("notices.enriched", 0);

    private static final String DECLARED = Taxonomy.national().firstLevels().get(0);

    @RegisterExtension
    final LogCapture log = LogCapture.of(ContinuousTrainer.class);

    @TempDir
    Path dir;

    private List<String> infoLines() {
        return log.messages(Level.INFO);
    }

    private static byte[] event(int i) {
        return EventCodec.instance()
                .write(CrawlNotices.withSubject(
                        CrawlNotices.enriched("n" + i, 1, "关于第" + i + "批征兵工作的通知", "第" + i + "号 兵役登记 征兵体检", DECLARED)));
    }

    private ContinuousTrainer trainer(CrawlExamples examples) {
        return trainer(examples, CLOCK);
    }

    private ContinuousTrainer trainer(CrawlExamples examples, Clock clock) {
        Taxonomy taxonomy = Taxonomy.national();
        return new ContinuousTrainer(
                new SubjectTrainer(taxonomy, KeywordBaseline.standard(taxonomy)),
                new ModelRegistry(dir, 3, CLOCK),
                examples,
                List.of(),
                ContinuousTrainer.Settings.defaults(),
                clock);
    }

    @Test
    void whileWaitingForExamplesTheReasonIsLoggedOnceWhenItChangesNotEveryPoll() throws IOException {
        CrawlExamples examples = new CrawlExamples(20);
        ContinuousTrainer continuous = trainer(examples);
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        AtomicInteger offset = new AtomicInteger();
        for (int batch = 0; batch < 2; batch++) {
            consumer.schedulePollTask(() -> {
                for (int i = 0; i < 50; i++) {
                    int n = offset.getAndIncrement();
                    consumer.addRecord(new ConsumerRecord<>(PARTITION.topic(), 0, n, "n" + n, event(n)));
                }
            });
        }
        AtomicInteger polls = new AtomicInteger();

        new TopicFollower(consumer, PARTITION.topic(), Duration.ofHours(1), CLOCK)
                .run(continuous, Duration.ofMillis(1), () -> polls.getAndIncrement() >= 6);

        int training = examples.training().size();
        int evaluation = examples.evaluation().size();
        assertThat(training + evaluation).isEqualTo(100);
        List<String> lines = infoLines();
        assertThat(lines)
                .as("one line at the first poll, one when caught up with the topic, none for the idle polls")
                .hasSize(2);
        assertThat(lines.get(0)).startsWith("waiting for examples: ").contains("of 500 needed");
        assertThat(lines.get(1))
                .isEqualTo("waiting for examples: " + training + " training examples of 500 needed, " + evaluation
                        + " evaluation examples of 100 needed (100 distinct labelled notices so far; 0 left out of"
                        + " the evaluation as notices every model may have trained on)");
    }

    @Test
    void aTopicThatKeepsGrowingGivesOneCaughtUpLineEveryFewMinutesNotOneForEachNotice() throws IOException {
        Instant[] now = {Instant.parse("2026-12-04T12:00:00Z")};
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        CrawlExamples examples = new CrawlExamples(20);
        ContinuousTrainer continuous = trainer(examples, moving);
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        AtomicInteger offset = new AtomicInteger();
        Runnable notice = () -> {
            int n = offset.getAndIncrement();
            consumer.addRecord(new ConsumerRecord<>(PARTITION.topic(), 0, n, "n" + n, event(n)));
        };
        // a crawl publishing a notice now and then, the trainer catching up after each: 20 notices in 4 minutes
        for (int i = 0; i < 20; i++) {
            consumer.schedulePollTask(notice);
            consumer.schedulePollTask(() -> now[0] = now[0].plusSeconds(12));
        }
        consumer.schedulePollTask(() -> now[0] = now[0].plus(ContinuousTrainer.CAUGHT_UP_LINE_EVERY));
        consumer.schedulePollTask(notice);
        AtomicInteger polls = new AtomicInteger();

        new TopicFollower(consumer, PARTITION.topic(), Duration.ofHours(1), moving)
                .run(continuous, Duration.ofMillis(1), () -> polls.getAndIncrement() >= 44);

        assertThat(infoLines())
                .as(
                        "the first poll's line, the first time caught up with news, and once more after %s",
                        ContinuousTrainer.CAUGHT_UP_LINE_EVERY)
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("waiting for examples: "));
        assertThat(infoLines().get(0)).contains("(1 distinct labelled notices so far");
        assertThat(infoLines().get(1)).contains("(2 distinct labelled notices so far");
        assertThat(infoLines().get(2)).contains("(21 distinct labelled notices so far");
    }
}
