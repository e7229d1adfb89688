package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.DefaultResourceLoader;

class ClassifyPropertiesTest {

    private static ClassifyProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("gongkai.enrich.classify", ClassifyProperties.class);
    }

    @Test
    void defaultsGiveTheShippedClassifier() {
        ClassifyProperties defaults = bind(Map.of());
        assertThat(defaults.firstThreshold()).isEqualTo(0.4);
        assertThat(defaults.secondThreshold()).isEqualTo(0.4);
        assertThat(defaults.topTerms()).isEqualTo(5);
        assertThat(defaults.synonymFiles()).isEmpty();
        assertThat(defaults.modelRefresh()).isEqualTo(java.time.Duration.ofSeconds(30));
        SubjectClassifier classifier = defaults.classifier(new DefaultResourceLoader());
        assertThat(classifier.model().version())
                .isEqualTo(SubjectModel.loadDefault().version());
    }

    @Test
    void operatorsSettingsApply(@TempDir Path dir) throws IOException {
        Path table = dir.resolve("local.tsv");
        Files.writeString(table, "机关党建\t综合政务\n", StandardCharsets.UTF_8);
        Path model = dir.resolve("model.bin.gz");
        try (var in = SubjectModel.class.getResourceAsStream(SubjectModel.DEFAULT_RESOURCE)) {
            Files.write(model, in.readAllBytes());
        }
        ClassifyProperties properties = bind(Map.of(
                "gongkai.enrich.classify.model",
                model.toUri().toString(),
                "gongkai.enrich.classify.synonym-files[0]",
                table.toString(),
                "gongkai.enrich.classify.first-threshold",
                "1.0",
                "gongkai.enrich.classify.top-terms",
                "0"));
        SubjectClassification c =
                properties.classifier(new DefaultResourceLoader()).classify("关于征兵工作的通知", "兵役登记", null, "机关党建");
        assertThat(c.declared().node()).isEqualTo(SubjectNode.of("综合政务"));
        assertThat(c.predicted().classified()).isFalse();
        assertThat(c.topTerms()).isEmpty();
    }

    @Test
    void aNegativeModelRefreshIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("gongkai.enrich.classify.model-refresh", "-1s")))
                .hasStackTraceContaining("model-refresh must be 0s or more");
    }

    @Test
    void missingModelFailsStartUp(@TempDir Path dir) {
        ClassifyProperties properties = bind(Map.of(
                "gongkai.enrich.classify.model", dir.resolve("none").toUri().toString()));
        assertThatThrownBy(() -> properties.classifier(new DefaultResourceLoader()))
                .hasMessageContaining("cannot read subject model");
    }

    @Test
    void theRegistrysCurrentModelIsLoadedAndItsVersionIsOnEveryClassification(@TempDir Path dir) throws IOException {
        ClassifyProperties properties = bind(Map.of("gongkai.enrich.classify.model-registry", dir.toString()));
        // an empty registry: the shipped model
        assertThat(properties.classifier(new DefaultResourceLoader()).model().version())
                .isEqualTo(SubjectModel.loadDefault().version());

        ModelRegistry registry = new ModelRegistry(dir, 3, java.time.Clock.systemUTC());
        for (String version : List.of("subject-crawl-1", "subject-crawl-2")) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            SubjectModel.loadDefault().withVersion(version).write(bytes);
            registry.promote(bytes.toByteArray(), "test");
        }
        SubjectClassifier classifier = properties.classifier(new DefaultResourceLoader());
        assertThat(classifier.model().version()).isEqualTo("subject-crawl-2");
        assertThat(classifier
                        .classify("关于做好征兵工作的通知", "兵役登记", null, null)
                        .toEvent()
                        .modelVersion())
                .isEqualTo("subject-crawl-2");

        registry.rollback("test");
        assertThat(properties.classifier(new DefaultResourceLoader()).model().version())
                .isEqualTo("subject-crawl-1");
    }

    @Test
    void aRegistryDirectoryNotThereYetMeansTheShippedModelAndIsNotCreated(@TempDir Path dir) {
        Path registry = dir.resolve("models");
        ClassifyProperties properties = bind(Map.of("gongkai.enrich.classify.model-registry", registry.toString()));

        assertThat(properties.classifier(new DefaultResourceLoader()).model().version())
                .isEqualTo(SubjectModel.loadDefault().version());
        assertThat(registry).as("enrich-service only reads the registry").doesNotExist();
    }
}
