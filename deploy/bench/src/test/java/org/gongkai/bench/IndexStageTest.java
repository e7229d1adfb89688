package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IndexStageTest {

    @Test
    void theLoadersSpreadIsTheDifferenceOfItsTwoRunsOverTheirMean() {
        // a loaded run of session 8: the first run on a node still compiling, the second on a warm one
        assertThat(IndexStage.spreadPercent(41, 78)).isCloseTo(62.2, within(0.1));
        assertThat(IndexStage.spreadPercent(78, 41)).isEqualTo(IndexStage.spreadPercent(41, 78));
        assertThat(IndexStage.spreadPercent(816, 816)).isZero();
    }
}
