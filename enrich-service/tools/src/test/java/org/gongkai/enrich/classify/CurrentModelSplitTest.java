package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Which part of the evaluation slice a candidate is compared with the current model on, by its --eval-percent. */
class CurrentModelSplitTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ContinuousTrainer.class);

    @TempDir
    Path dir;

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    private List<String> warnings() {
        return log.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** A registry whose history says this (the registry's own format: time, action, version, note). */
    private ModelRegistry registry(String... lines) throws IOException {
        Files.writeString(dir.resolve("history.log"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return new ModelRegistry(dir, 5, Clock.systemUTC());
    }

    @Test
    void theLastPromotionOfAVersionSaysWhichPercentItWasTrainedWith() {
        List<String> history = List.of(
                "2026-12-01T00:00:00Z\tpromote\tsubject-crawl-a\tcandidate … (trained on 400 crawl + 300 base)",
                "2026-12-02T00:00:00Z\tpromote\tsubject-crawl-b\tcandidate … (trained on 500 crawl + 300 base);"
                        + " trained with --eval-percent 10",
                "2026-12-03T00:00:00Z\trollback\tsubject-crawl-a\toperator");

        assertThat(CurrentModelSplit.recorded(history, "subject-crawl-b")).isEqualTo(OptionalInt.of(10));
        assertThat(CurrentModelSplit.recorded(history, "subject-crawl-a"))
                .as("promoted before the percentage was recorded; a rollback line records nothing")
                .isEmpty();
        assertThat(CurrentModelSplit.recorded(history, "subject-crawl-c")).isEmpty();
    }

    @Test
    void aCurrentModelTrainedWithASmallerPercentNarrowsTheComparisonToItsOwnSliceAndIsSaidOnce() throws IOException {
        ModelRegistry registry =
                registry("2026-12-02T00:00:00Z\tpromote\tsubject-crawl-b\tcandidate …; trained with --eval-percent 10");
        CurrentModelSplit split = new CurrentModelSplit(30);

        assertThat(split.percent(registry, Optional.of("subject-crawl-b"))).isEqualTo(10);
        assertThat(split.percent(registry, Optional.of("subject-crawl-b"))).isEqualTo(10);

        assertThat(warnings())
                .singleElement()
                .asString()
                .startsWith("the current model subject-crawl-b was trained with --eval-percent 10, this trainer uses"
                        + " 30: ")
                .contains("compared with it on the 10 % of mirror keys it never trained on");
        assertThat(split.note()).isEqualTo("trained with --eval-percent 30");
    }

    @Test
    void aCurrentModelTrainedWithTheSameOrALargerPercentOrTheShippedModelUseTheWholeSliceSilently() throws IOException {
        ModelRegistry registry = registry(
                "2026-12-02T00:00:00Z\tpromote\tsubject-crawl-b\tcandidate …; trained with --eval-percent 30",
                "2026-12-03T00:00:00Z\tpromote\tsubject-crawl-c\tcandidate …; trained with --eval-percent 20");
        CurrentModelSplit split = new CurrentModelSplit(20);

        assertThat(split.percent(registry, Optional.of("subject-crawl-b"))).isEqualTo(20);
        assertThat(split.percent(registry, Optional.of("subject-crawl-c"))).isEqualTo(20);
        assertThat(split.percent(registry, Optional.empty())).isEqualTo(20);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aCurrentModelThatRecordsNoPercentIsComparedOnTheWholeSliceAndTheRiskIsSaidOnce() throws IOException {
        ModelRegistry registry =
                registry("2026-12-01T00:00:00Z\tpromote\tsubject-crawl-a\tcandidate … (trained on 400 crawl + 0 base)");
        CurrentModelSplit split = new CurrentModelSplit(20);

        assertThat(split.percent(registry, Optional.of("subject-crawl-a"))).isEqualTo(20);
        assertThat(split.percent(registry, Optional.of("subject-crawl-a"))).isEqualTo(20);

        assertThat(warnings())
                .singleElement()
                .asString()
                .startsWith("the current model subject-crawl-a does not record the --eval-percent it was trained with")
                .contains("if it was smaller than 20, subject-crawl-a trained on part of the evaluation slice and is"
                        + " favoured over every candidate");
    }
}
