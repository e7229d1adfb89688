package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void metricsOfASmallConfusion() {
        // truth:     a a a b b c
        // predicted: a a b b - c   (- = unclassified; the b at 0.4 is below the threshold: unclassified too)
        int[] truth = {0, 0, 0, 1, 1, 2};
        int[] predicted = {0, 0, 1, 1, -1, 2};
        double[] confidence = {0.9, 0.8, 0.4, 0.7, 0.1, 0.95};
        Evaluation e = Evaluation.of(List.of("a", "b", "c"), truth, predicted, confidence, 0.5);
        assertThat(e.accuracy()).isCloseTo(4.0 / 6, within(1e-9));
        assertThat(e.precision(0)).isEqualTo(1.0);
        assertThat(e.recall(0)).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(e.precision(1)).isEqualTo(1.0);
        assertThat(e.recall(1)).isEqualTo(0.5);
        double f1a = 2 * 1.0 * (2.0 / 3) / (1.0 + 2.0 / 3);
        double f1b = 2 * 1.0 * 0.5 / (1.0 + 0.5);
        assertThat(e.macroF1()).isCloseTo((f1a + f1b + 1.0) / 3, within(1e-9));
        // covered: confidence >= 0.5 and classified: examples 0, 1, 3, 5, all right
        assertThat(e.coverage()).isCloseTo(4.0 / 6, within(1e-9));
        assertThat(e.coveredAccuracy()).isEqualTo(1.0);
        assertThat(e.format("t", true)).contains("c0", "accuracy 0.6667").contains("   1");
    }

    @Test
    void calibrationErrorIsZeroWhenConfidenceMatchesAccuracy() {
        int[] truth = {0, 0, 1, 1};
        int[] predicted = {0, 1, 1, 0};
        double[] confidence = {0.55, 0.55, 0.55, 0.55}; // half right at 0.55: gap 0.05
        Evaluation e = Evaluation.of(List.of("a", "b"), truth, predicted, confidence, 0.5);
        assertThat(e.calibrationError()).isCloseTo(0.05, within(1e-9));
        Evaluation noConfidence = Evaluation.of(List.of("a", "b"), truth, predicted, null, 0.5);
        assertThat(noConfidence.calibrationError()).isNaN();
        assertThat(noConfidence.coverage()).isEqualTo(1.0);
    }
}
