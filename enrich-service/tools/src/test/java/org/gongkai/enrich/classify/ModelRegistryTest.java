package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static byte[] model(String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SubjectModel.loadDefault().withVersion(version).write(out);
        return out.toByteArray();
    }

    @Test
    void emptyRegistryMeansTheShippedModel() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, CLOCK);
        assertThat(registry.current()).isEmpty();
        assertThat(registry.currentArtefact()).isEmpty();
        assertThat(registry.currentModel().version())
                .isEqualTo(SubjectModel.loadDefault().version());
        assertThatThrownBy(() -> registry.rollback("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("nothing to roll back: the shipped model is current");
    }

    @Test
    void promotionsAreVersionedTheLastFewKeptAndRollbackGoesBackOneAtATime() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, CLOCK);
        for (int i = 1; i <= 4; i++) {
            registry.promote(model("v" + i), "round " + i);
        }
        assertThat(registry.current()).contains("v4");
        assertThat(registry.versions()).containsExactly("v2", "v3", "v4");
        assertThat(Files.exists(dir.resolve("models/v1.bin.gz"))).isFalse();

        assertThat(registry.rollback("bad v4")).isEqualTo("v3");
        assertThat(registry.currentModel().version()).isEqualTo("v3");
        assertThat(registry.rollback("bad v3")).isEqualTo("v2");
        assertThatThrownBy(() -> registry.rollback("nothing older")).isInstanceOf(IllegalStateException.class);
        assertThat(registry.rollbackTo("v4", "fixed")).isEqualTo("v4");
        assertThat(registry.history())
                .hasSize(7)
                .last()
                .asString()
                .isEqualTo("2026-12-04T12:00:00Z\trollback\tv4\tfixed");
    }

    @Test
    void theOperatorCanRollBackFromTheFirstPromotionToTheShippedModelAndForwardAgain() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, CLOCK);
        registry.promote(model("v1"), "first");
        assertThatThrownBy(() -> registry.rollback("bad v1")).isInstanceOf(IllegalStateException.class);

        registry.rollbackToShipped("bad v1");

        assertThat(registry.current()).isEmpty();
        assertThat(registry.currentModel().version())
                .isEqualTo(SubjectModel.loadDefault().version());
        assertThat(registry.versions()).containsExactly("v1");
        assertThat(registry.history()).last().asString().isEqualTo("2026-12-04T12:00:00Z\trollback\t(shipped)\tbad v1");
        assertThat(registry.rollbackTo("v1", "v1 was fine")).isEqualTo("v1");
        assertThat(registry.current()).contains("v1");
    }

    @Test
    void aVersionIsStoredOnceAndMustBeAFileSafeName() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 2, CLOCK);
        registry.promote(model("v1"), "first");
        assertThatThrownBy(() -> registry.promote(model("v1"), "again"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already");
        assertThatThrownBy(() -> registry.promote(model("../escape"), "bad"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.promote(new byte[] {1, 2, 3}, "not a model"))
                .isInstanceOf(IOException.class);
        assertThat(registry.current()).contains("v1");
        assertThatThrownBy(() -> new ModelRegistry(dir, 1, CLOCK)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRollbackHoldsPromotionsUntilReleasedAndEnrichServiceStillFollowsCurrent() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, 3, CLOCK);
        registry.promote(model("v1"), "round 1");
        registry.promote(model("v2"), "round 2");
        assertThat(registry.hold()).isEmpty();

        registry.rollback("operator");

        assertThat(registry.hold()).contains(new ModelRegistry.Hold("2026-12-04T12:00:00Z", "v2", "v1", "operator"));
        assertThat(registry.current()).contains("v1");
        assertThat(Files.readString(dir.resolve("CURRENT")).strip())
                .as("CURRENT stays what readers follow")
                .isEqualTo("v1");
        assertThat(new ModelRegistry(dir, 3, CLOCK).hold())
                .as("a restarted trainer sees it")
                .isPresent();

        assertThat(registry.release("operator")).isTrue();
        assertThat(registry.hold()).isEmpty();
        assertThat(registry.release("again")).isFalse();
        assertThat(registry.history()).last().asString().isEqualTo("2026-12-04T12:00:00Z\trelease\tv1\toperator");

        registry.rollbackToShipped("bad v1");
        assertThat(registry.hold())
                .contains(new ModelRegistry.Hold("2026-12-04T12:00:00Z", "v1", ModelRegistry.SHIPPED, "bad v1"));
        registry.release("operator");
        registry.rollbackTo("v2", "forward");
        assertThat(registry.hold().orElseThrow().from()).isEqualTo(ModelRegistry.SHIPPED);
    }

    @Test
    void aReaderCreatesNothingAndAMissingOrEmptyDirectoryMeansTheShippedModel() throws IOException {
        Path missing = dir.resolve("not-yet");
        assertThat(ModelRegistry.reader(missing).current()).isEmpty();
        assertThat(ModelRegistry.reader(missing).currentModel().version())
                .isEqualTo(SubjectModel.loadDefault().version());
        assertThat(missing).doesNotExist();

        // what Docker mounts when the host directory did not exist: an empty directory the reader may not write to
        Path empty = Files.createDirectory(dir.resolve("mounted"));
        assertThat(ModelRegistry.reader(empty).current()).isEmpty();
        assertThat(empty).isEmptyDirectory();
        assertThatThrownBy(() -> ModelRegistry.reader(empty).promote(model("v1"), "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("read only");
        assertThat(empty).isEmptyDirectory();
    }

    @Test
    void aReaderFollowsWhatTheWriterMakesCurrent() throws IOException {
        ModelRegistry reader = ModelRegistry.reader(dir);
        ModelRegistry writer = new ModelRegistry(dir, 3, CLOCK);
        writer.promote(model("v1"), "first");
        writer.promote(model("v2"), "second");
        assertThat(reader.current()).contains("v2");
        assertThat(reader.load("v2").version()).isEqualTo("v2");
        writer.rollbackToShipped("bad");
        assertThat(reader.current()).isEmpty();
    }
}
