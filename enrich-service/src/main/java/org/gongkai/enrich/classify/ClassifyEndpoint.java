package org.gongkai.enrich.classify;

import java.util.List;
import java.util.function.Supplier;
import org.gongkai.events.EnrichedNotice;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Actuator endpoint {@code classify}: {@code POST /actuator/classify} with a JSON body {@code {"title": …, "body":
 * …, "attachments": …, "declared": …}} (all optional) answers the subject the pipeline would give that text, with
 * its top terms and flags. For explaining and checking the model; it neither reads nor writes Kafka. Text is
 * classified as given: send it Simplified, as the pipeline does.
 */
@Endpoint(id = "classify")
public class ClassifyEndpoint {

    private final Supplier<SubjectClassifier> classifier;

    /** @param classifier the classifier in use (taken per request, so a reloaded model answers at once) */
    public ClassifyEndpoint(Supplier<SubjectClassifier> classifier) {
        this.classifier = classifier;
    }

    /**
     * A classification and its quality flags.
     *
     * @param subject the subject as it would appear in the enriched event
     * @param flags   the flags the notice would get from classification
     */
    public record Result(EnrichedNotice.Subject subject, List<String> flags) {}

    @WriteOperation
    public Result classify(
            @Nullable String title,
            @Nullable String body,
            @Nullable String attachments,
            @Nullable String publisher,
            @Nullable String declared) {
        SubjectClassification c = classifier.get().classify(title, body, attachments, publisher, declared);
        return new Result(c.toEvent(), c.flags());
    }
}
