package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelevanceMetricsTest {

    /** b is sought, c and d are also relevant; a is not judged. */
    static final Map<String, Integer> GRADES = Map.of("b", 2, "c", 1, "d", 1);

    @Test
    void rank1CountsOnlyANoticeSoughtInFirstPlace() {
        assertThat(RelevanceMetrics.rank1(List.of("b", "a"), GRADES)).isEqualTo(1.0);
        assertThat(RelevanceMetrics.rank1(List.of("c", "b"), GRADES))
                .as("also relevant is not sought")
                .isZero();
        assertThat(RelevanceMetrics.rank1(List.of("a", "b"), GRADES)).isZero();
        assertThat(RelevanceMetrics.rank1(List.of(), GRADES)).isZero();
    }

    @Test
    void reciprocalRankOfTheFirstNoticeSought() {
        assertThat(RelevanceMetrics.reciprocalRank(List.of("b"), GRADES)).isEqualTo(1.0);
        assertThat(RelevanceMetrics.reciprocalRank(List.of("a", "c", "d", "b"), GRADES))
                .isEqualTo(0.25);
        assertThat(RelevanceMetrics.reciprocalRank(List.of("a", "c", "d"), GRADES))
                .isZero();
    }

    @Test
    void ndcgWithExponentialGainsAndLog2Discount() {
        // DCG = 0/log2(2) + 3/log2(3) + 1/log2(4) = 2.392789; ideal (2, 1, 1) = 3 + 1/log2(3) + 1/2 = 4.130930
        assertThat(RelevanceMetrics.ndcg(List.of("a", "b", "c"), GRADES, 10)).isCloseTo(0.579237, within(1e-6));
        // cut at 2: DCG = 3/log2(3) = 1.892789; ideal (2, 1) = 3 + 1/log2(3) = 3.630930
        assertThat(RelevanceMetrics.ndcg(List.of("a", "b", "c"), GRADES, 2)).isCloseTo(0.521296, within(1e-6));
    }

    @Test
    void ndcgIsOneForTheIdealRankingAndZeroWithoutRelevantHits() {
        assertThat(RelevanceMetrics.ndcg(List.of("b", "c", "d", "a"), GRADES, 10))
                .isCloseTo(1.0, within(1e-12));
        assertThat(RelevanceMetrics.ndcg(List.of("b", "d", "c"), GRADES, 10))
                .as("ties among equal grades")
                .isCloseTo(1.0, within(1e-12));
        assertThat(RelevanceMetrics.ndcg(List.of("a", "e"), GRADES, 10)).isZero();
        assertThat(RelevanceMetrics.ndcg(List.of("a"), Map.of(), 10))
                .as("nothing judged")
                .isZero();
    }

    @Test
    void idealDcgIgnoresUnjudgedAndCutsAtK() {
        assertThat(RelevanceMetrics.idealDcg(List.of(1, 2, 0), 1)).isEqualTo(3.0);
        assertThat(RelevanceMetrics.idealDcg(List.of(1, 2, 0), 10))
                .isCloseTo(3 + 1 / (Math.log(3) / Math.log(2)), within(1e-12));
    }
}
