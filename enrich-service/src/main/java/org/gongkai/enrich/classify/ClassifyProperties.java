package org.gongkai.enrich.classify;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.ResourceLoader;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of subject classification ({@code gongkai.enrich.classify.*}). Binding these creates nothing: the
 * pipeline builds its {@link SubjectClassifier} with {@link #classifier(ResourceLoader)}.
 *
 * @param model           location of the model artefact (a Spring resource location); default the shipped
 *                        {@code classpath:classify/subject-model.bin.gz}
 * @param modelRegistry   directory of the continuous trainer's model registry ({@code ModelRegistry}); when set and
 *                        it has a current version, that model is used instead of {@code model}, and a promotion or
 *                        rollback is picked up within {@code modelRefresh} without a restart; only read (the
 *                        service creates nothing there: it may be mounted read-only; missing or empty means the
 *                        shipped model); none by default
 * @param modelRefresh    how often the registry's current version is checked (a changed version is loaded and used
 *                        for the next notices; a model that does not load is reported and the one in use stays);
 *                        {@code 0s} checks only at start-up; default 30 s; ignored without {@code modelRegistry}
 * @param synonymFiles    operators' synonym tables (declared category → national node), applied after the shipped
 *                        one, later files overriding earlier entries; a target outside the taxonomy fails start-up;
 *                        none by default
 * @param agencyFiles     operators' agency tables (agency name → subject nodes, {@code classify/agencies.tsv}
 *                        format), applied after the shipped one, later files overriding earlier entries; a node
 *                        outside the taxonomy fails start-up; none by default
 * @param firstThreshold  minimum calibrated first-level probability, below it a notice is "unclassified"; default 0.4
 *                        (0.5 before session 11: enrich-service/CLASSIFICATION.md, "Session 11")
 * @param secondThreshold minimum calibrated probability of first and second level together for a second level;
 *                        default 0.4
 * @param topTerms        explanation terms recorded per notice (0 for none); default 5
 */
@Validated
@ConfigurationProperties("gongkai.enrich.classify")
public record ClassifyProperties(
        @DefaultValue("classpath:classify/subject-model.bin.gz") @NotBlank
        String model,

        Path modelRegistry,

        @DefaultValue("30s") Duration modelRefresh,

        List<Path> synonymFiles,

        List<Path> agencyFiles,

        @DefaultValue("0.4") @DecimalMin("0.0") @DecimalMax("1.0")
        double firstThreshold,

        @DefaultValue("0.4") @DecimalMin("0.0") @DecimalMax("1.0")
        double secondThreshold,

        @DefaultValue("5") @Min(0) @Max(50) int topTerms) {

    public ClassifyProperties {
        if (modelRefresh == null || modelRefresh.isNegative()) {
            throw new IllegalArgumentException("gongkai.enrich.classify.model-refresh must be 0s or more");
        }
        synonymFiles = synonymFiles == null ? List.of() : List.copyOf(synonymFiles);
        agencyFiles = agencyFiles == null ? List.of() : List.copyOf(agencyFiles);
    }

    /**
     * Loads the model and synonym tables (typically ~0.2 s): the classifier in use now.
     *
     * @throws UncheckedIOException     when the model or a table cannot be read
     * @throws IllegalArgumentException when a table is malformed or maps outside the taxonomy
     */
    public SubjectClassifier classifier(ResourceLoader resources) {
        return reloadableClassifier(resources).get();
    }

    /**
     * Loads the model and synonym tables (typically ~0.2 s) into a classifier that follows the model registry
     * ({@link ReloadableClassifier#refresh()}); the tables and thresholds stay those read here.
     *
     * @throws UncheckedIOException     when the model or a table cannot be read (the registry's current model that
     *                                  does not load is not fatal: {@link ReloadableClassifier#startFailure()})
     * @throws IllegalArgumentException when a table is malformed or maps outside the taxonomy
     */
    public ReloadableClassifier reloadableClassifier(ResourceLoader resources) {
        SubjectModel configured;
        try (InputStream in = resources.getResource(model).getInputStream()) {
            configured = SubjectModel.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read subject model " + model, e);
        }
        DeclaredCategoryMapper mapper = DeclaredCategoryMapper.create(Taxonomy.national(), synonymFiles);
        Agencies agencies =
                agencyFiles.isEmpty() ? Agencies.standard() : Agencies.create(Taxonomy.national(), agencyFiles);
        SubjectClassifier.Settings settings = new SubjectClassifier.Settings(firstThreshold, secondThreshold, topTerms);
        ModelRegistry registry = modelRegistry == null ? null : ModelRegistry.reader(modelRegistry);
        return new ReloadableClassifier(
                registry, configured, m -> new SubjectClassifier(m, mapper, agencies, settings));
    }
}
