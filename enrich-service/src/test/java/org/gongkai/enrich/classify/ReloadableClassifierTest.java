package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.gongkai.testsupport.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadableClassifierTest {

    private static final SubjectModel SHIPPED = SubjectModel.loadDefault();

    private static ReloadableClassifier classifier(ModelRegistry registry) throws IOException {
        return new ReloadableClassifier(
                registry,
                SHIPPED,
                m -> new SubjectClassifier(m, DeclaredCategoryMapper.standard(), SubjectClassifier.Settings.DEFAULTS));
    }

    private static void promote(ModelRegistry registry, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SHIPPED.withVersion(version).write(bytes);
        registry.promote(bytes.toByteArray(), "test");
    }

    private static String versionOnANotice(ReloadableClassifier classifier) {
        return classifier
                .get()
                .classify("关于做好征兵工作的通知", "兵役登记", null, null)
                .toEvent()
                .modelVersion();
    }

    @Test
    void aPromotionAndARollbackAreUsedAfterTheNextRefreshWithoutARestart(@TempDir Path dir) throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, Clock.systemUTC());
        ReloadableClassifier classifier = classifier(registry);
        assertThat(versionOnANotice(classifier)).isEqualTo(SHIPPED.version());

        promote(registry, "subject-crawl-1");
        assertThat(versionOnANotice(classifier)).as("not before a refresh").isEqualTo(SHIPPED.version());
        assertThat(classifier.refresh()).isTrue();
        assertThat(versionOnANotice(classifier)).isEqualTo("subject-crawl-1");
        assertThat(classifier.refresh()).as("nothing changed").isFalse();

        promote(registry, "subject-crawl-2");
        assertThat(classifier.refresh()).isTrue();
        assertThat(versionOnANotice(classifier)).isEqualTo("subject-crawl-2");

        registry.rollback("operator");
        assertThat(classifier.refresh()).isTrue();
        assertThat(versionOnANotice(classifier)).isEqualTo("subject-crawl-1");
    }

    @Test
    void theRegistrysCurrentModelIsUsedFromTheStart(@TempDir Path dir) throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, Clock.systemUTC());
        promote(registry, "subject-crawl-1");
        assertThat(classifier(registry).version()).isEqualTo("subject-crawl-1");
    }

    @Test
    void aCurrentVersionThatDoesNotLoadLeavesTheModelInUse(@TempDir Path dir) throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, Clock.systemUTC());
        promote(registry, "subject-crawl-1");
        ReloadableClassifier classifier = classifier(registry);
        Files.write(dir.resolve("models/subject-crawl-9.bin.gz"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("CURRENT"), "subject-crawl-9\n", StandardCharsets.UTF_8);

        assertThatThrownBy(classifier::refresh).isInstanceOf(IOException.class);
        assertThat(versionOnANotice(classifier)).isEqualTo("subject-crawl-1");
    }

    @Test
    void aCurrentVersionThatDoesNotLoadAtStartUpStartsOnTheShippedModelFlaggedUntilOneLoads(@TempDir Path dir)
            throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, Clock.systemUTC());
        promote(registry, "subject-crawl-1");
        Files.write(dir.resolve("models/subject-crawl-9.bin.gz"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("CURRENT"), "subject-crawl-9\n", StandardCharsets.UTF_8);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        try (LogCapture log = LogCapture.of(ModelRefresher.class)) {
            ReloadableClassifier classifier = classifier(ModelRegistry.reader(dir));
            ModelRefresher refresher = new ModelRefresher(classifier, Duration.ZERO, meters);

            assertThat(versionOnANotice(classifier))
                    .as("a restart no longer fails")
                    .isEqualTo(SHIPPED.version());
            assertThat(classifier.startFailure())
                    .hasValueSatisfying(why -> assertThat(why)
                            .contains("subject model subject-crawl-9")
                            .contains(
                                    dir.resolve("models/subject-crawl-9.bin.gz").toString()));
            assertThat(failing(meters)).as("flagged from the first scrape").isEqualTo(1.0);
            assertThat(log.messages(Level.ERROR))
                    .singleElement(as(InstanceOfAssertFactories.STRING))
                    .contains("at start-up", SHIPPED.version(), "subject-crawl-9");

            registry.rollbackTo("subject-crawl-1", "operator");
            refresher.refreshOnce();
            assertThat(versionOnANotice(classifier)).isEqualTo("subject-crawl-1");
            assertThat(failing(meters)).isEqualTo(0.0);
        }
    }

    @Test
    void aFailureThatEndsWithoutAnotherModelLoadedIsSaid(@TempDir Path dir) throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, Clock.systemUTC());
        promote(registry, "subject-crawl-1");
        ReloadableClassifier classifier = classifier(registry);
        ModelRefresher refresher = new ModelRefresher(classifier, Duration.ZERO, new SimpleMeterRegistry());
        Files.write(dir.resolve("models/subject-crawl-9.bin.gz"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("CURRENT"), "subject-crawl-9\n", StandardCharsets.UTF_8);

        try (LogCapture log = LogCapture.of(ModelRefresher.class)) {
            refresher.refreshOnce();
            registry.rollbackTo("subject-crawl-1", "operator"); // the model still in use
            refresher.refreshOnce();
            refresher.refreshOnce();

            assertThat(log.messages(Level.ERROR))
                    .singleElement(as(InstanceOfAssertFactories.STRING))
                    .contains("subject-crawl-1 stays in use", "subject model subject-crawl-9 (");
            assertThat(log.messages(Level.INFO))
                    .as("once, when the failure ends")
                    .containsExactly(
                            "The model registry names a subject model that loads again; subject-crawl-1 stays in use");
        }
    }

    private static double failing(SimpleMeterRegistry meters) {
        return meters.get("gongkai.enrich.subject.model.reload.failing").gauge().value();
    }

    @Test
    void withoutARegistryTheConfiguredModelNeverChanges() throws IOException {
        ReloadableClassifier classifier = classifier(null);
        assertThat(classifier.refresh()).isFalse();
        assertThat(classifier.version()).isEqualTo(SHIPPED.version());
    }

    @Test
    void theRefresherCountsLoadsAndFailuresAndFlagsAModelThatDoesNotLoad(@TempDir Path dir) throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, Clock.systemUTC());
        ReloadableClassifier classifier = classifier(registry);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ModelRefresher refresher = new ModelRefresher(classifier, Duration.ZERO, meters);

        promote(registry, "subject-crawl-1");
        refresher.refreshOnce();
        assertThat(classifier.version()).isEqualTo("subject-crawl-1");
        assertThat(count(meters, "loaded")).isEqualTo(1.0);

        Files.write(dir.resolve("models/subject-crawl-9.bin.gz"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("CURRENT"), "subject-crawl-9\n", StandardCharsets.UTF_8);
        refresher.refreshOnce();
        assertThat(count(meters, "failed")).isEqualTo(1.0);
        assertThat(meters.get("gongkai.enrich.subject.model.reload.failing")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(classifier.version()).isEqualTo("subject-crawl-1");

        registry.rollbackTo("subject-crawl-1", "operator");
        refresher.refreshOnce();
        assertThat(meters.get("gongkai.enrich.subject.model.reload.failing")
                        .gauge()
                        .value())
                .isEqualTo(0.0);
        assertThat(count(meters, "loaded"))
                .as("the model in use was already subject-crawl-1")
                .isEqualTo(1.0);
        refresher.start();
        assertThat(refresher.isRunning()).as("0s: no schedule").isFalse();
    }

    private static double count(SimpleMeterRegistry meters, String outcome) {
        return meters.get("gongkai.enrich.subject.model.reloads")
                .tag("outcome", outcome)
                .counter()
                .count();
    }
}
