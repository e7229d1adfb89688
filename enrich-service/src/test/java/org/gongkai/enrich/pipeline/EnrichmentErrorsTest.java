package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.gongkai.enrich.Fixtures;
import org.gongkai.enrich.classify.SubjectClassifier;
import org.junit.jupiter.api.Test;

/**
 * A {@link StackOverflowError} inside enrichment is the notice's fault, not the service's: it becomes an
 * {@link EnrichmentException} (dead letter), never an {@link Error} that stops the listener container.
 */
class EnrichmentErrorsTest {

    private static final String URL = "https://www.donghu.gov.cn/xxgk/202308/t20230803_1.html";

    @Test
    void aStackOverflowInsideEnrichmentIsAnEnrichmentException() {
        SubjectClassifier classifier = mock(SubjectClassifier.class);
        when(classifier.classify(any(), any(), any(), any(), any())).thenThrow(new StackOverflowError());
        NoticeEnricher enricher =
                new NoticeEnricher("test", Clock.systemUTC(), new SimpleMeterRegistry(), Map.of(), classifier);

        assertThatThrownBy(() -> enricher.enrich(Fixtures.raw(URL, "text/plain", "标题\n\n正文")))
                .isInstanceOf(EnrichmentException.class)
                .hasCauseInstanceOf(StackOverflowError.class)
                .hasMessageContaining("StackOverflowError");
    }
}
