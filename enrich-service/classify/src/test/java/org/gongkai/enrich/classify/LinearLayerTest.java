package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearLayerTest {

    // buckets out of order, at word edges (0, 63, 64, 127) and far apart, as a trainer leaves them
    private static final int[] BUCKETS = {200_000, 0, 64, 63, 127, 5, 262_143};
    private static final int CLASSES = 3;

    private static LinearLayer layer() {
        float[] w = new float[BUCKETS.length * CLASSES];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i * 1.7) * (1 + i % 5);
        }
        return new LinearLayer(CLASSES, BUCKETS, w, new float[] {0.1f, -0.2f, 0.3f});
    }

    @Test
    void aBucketsRowHoldsItsArtefactRowsWeightsAndABucketWithoutWeightsHasNone() {
        LinearLayer layer = layer();
        for (int r = 0; r < BUCKETS.length; r++) {
            int row = layer.row(BUCKETS[r]);
            assertThat(row).isBetween(0, BUCKETS.length - 1);
            for (int c = 0; c < CLASSES; c++) {
                assertThat(layer.weight(row, c)).isEqualTo(layer.quantised[r * CLASSES + c] * layer.scales[r]);
            }
        }
        assertThat(List.of(1, 62, 65, 128, 199_999, 262_142, 262_144, 1 << 25))
                .allSatisfy(bucket -> assertThat(layer.row(bucket)).isEqualTo(-1));
    }

    @Test
    void scoresAreTheSumOverFeaturesInTheirOrderOfValueTimesScaleTimesWeight() {
        LinearLayer layer = layer();
        int[] index = {64, 7, 262_143, 0, 1 << 20, 127};
        float[] value = {0.5f, 1f, -0.25f, 0.125f, 2f, 0.75f};
        FeatureVector v = new FeatureVector(
                index, value, new int[index.length], "", "", "", List.of(), List.of(), List.of(), List.of());
        float[] expected = layer.bias.clone();
        for (int i = 0; i < index.length; i++) {
            for (int r = 0; r < BUCKETS.length; r++) {
                if (BUCKETS[r] == index[i]) {
                    float x = value[i] * layer.scales[r];
                    for (int c = 0; c < CLASSES; c++) {
                        expected[c] += x * layer.quantised[r * CLASSES + c];
                    }
                }
            }
        }
        double[] out = new double[CLASSES];
        int[] rows = new int[index.length];
        layer.scores(v, out, rows);
        for (int c = 0; c < CLASSES; c++) {
            assertThat(out[c]).isEqualTo(expected[c]);
        }
        assertThat(rows[1]).isEqualTo(-1);
        assertThat(rows[4]).isEqualTo(-1);
        assertThat(rows[0]).isEqualTo(layer.row(64));
    }

    @Test
    void aBucketTwiceIsRefused() {
        assertThatThrownBy(() -> new LinearLayer(1, new int[] {3, 3}, new float[2], new float[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucket 3 twice");
    }
}
