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
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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
 *                        it has a current version, that model is loaded instead of {@code model} (read at start-up:
 *                        a promotion or rollback takes effect at the next start); none by default
 * @param synonymFiles    operators' synonym tables (declared category → national node), applied after the shipped
 *                        one, later files overriding earlier entries; a target outside the taxonomy fails start-up;
 *                        none by default
 * @param agencyFiles     operators' agency tables (agency name → subject nodes, {@code classify/agencies.tsv}
 *                        format), applied after the shipped one, later files overriding earlier entries; a node
 *                        outside the taxonomy fails start-up; none by default
 * @param firstThreshold  minimum calibrated first-level probability, below it a notice is "unclassified"; default 0.5
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

        List<Path> synonymFiles,

        List<Path> agencyFiles,

        @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0")
        double firstThreshold,

        @DefaultValue("0.4") @DecimalMin("0.0") @DecimalMax("1.0")
        double secondThreshold,

        @DefaultValue("5") @Min(0) @Max(50) int topTerms) {

    public ClassifyProperties {
        synonymFiles = synonymFiles == null ? List.of() : List.copyOf(synonymFiles);
        agencyFiles = agencyFiles == null ? List.of() : List.copyOf(agencyFiles);
    }

    /**
     * Loads the model and synonym tables (typically ~0.2 s).
     *
     * @throws UncheckedIOException     when the model or a table cannot be read
     * @throws IllegalArgumentException when a table is malformed or maps outside the taxonomy
     */
    public SubjectClassifier classifier(ResourceLoader resources) {
        SubjectModel subjectModel = null;
        if (modelRegistry != null) {
            try {
                Optional<Path> current = new ModelRegistry(modelRegistry, 2, Clock.systemUTC()).currentArtefact();
                if (current.isPresent()) {
                    subjectModel = SubjectModel.load(current.get());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the current model of registry " + modelRegistry, e);
            }
        }
        if (subjectModel == null) {
            try (InputStream in = resources.getResource(model).getInputStream()) {
                subjectModel = SubjectModel.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read subject model " + model, e);
            }
        }
        return new SubjectClassifier(
                subjectModel,
                DeclaredCategoryMapper.create(Taxonomy.national(), synonymFiles),
                agencyFiles.isEmpty() ? Agencies.standard() : Agencies.create(Taxonomy.national(), agencyFiles),
                new SubjectClassifier.Settings(firstThreshold, secondThreshold, topTerms));
    }
}
