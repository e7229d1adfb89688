package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scoring layout built at load time (issue 17 / issue 15 item 4) changes no answer: on the real notices of
 * {@code ../shared/data/real-notices}, scores, probabilities, predictions and top terms are exactly what the code
 * before it answered ({@code classify/recorded-predictions.jsonl.gz}, see the {@code .properties} beside it), and
 * every layer's scores are exactly those of the artefact's rows read the plain way.
 */
class ScoringEquivalenceTest {

    private static final String NOTICES = "shared/data/real-notices/notices.jsonl";

    private static Path notices;
    private static SubjectModel model;

    @BeforeAll
    static void load() {
        // ../shared beside the checkout (the project's shared data folder)
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(NOTICES))) {
                notices = dir.resolve(NOTICES);
                break;
            }
        }
        model = SubjectModel.loadDefault();
    }

    @Test
    void predictionsScoresAndTopTermsAreThoseRecordedBeforeTheLayoutChange() throws IOException {
        assumeTrue(notices != null, "no " + NOTICES + " beside the checkout");
        Properties recorded = new Properties();
        try (InputStream in = resource("/classify/recorded-predictions.properties")) {
            recorded.load(in);
        }
        for (String input : recorded.stringPropertyNames()) {
            String actual =
                    sha256(input.equals("notices.jsonl") ? Files.newInputStream(notices) : resource("/" + input));
            assumeTrue(
                    actual.equals(recorded.getProperty(input)),
                    input + " changed since the recording: re-record (see recorded-predictions.properties)");
        }
        List<String> expected = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(resource("/classify/recorded-predictions.jsonl.gz")), StandardCharsets.UTF_8))) {
            lines.lines().forEach(expected::add);
        }
        JsonMapper json = JsonMapper.builder().build();
        DeclaredCategoryMapper mapper = DeclaredCategoryMapper.standard();
        List<String> actual = new ArrayList<>();
        for (JsonNode notice : RecordedPredictions.notices(notices)) {
            for (RecordedPredictions.Variant variant : RecordedPredictions.Variant.values()) {
                actual.add(json.writeValueAsString(RecordedPredictions.record(model, mapper, notice, variant)));
            }
        }
        assertThat(actual).hasSize(337 * 3);
        // exact: doubles as Java writes them (shortest round trip), terms in order
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i)).as("record %d", i).isEqualTo(expected.get(i));
        }
    }

    @Test
    void everyLayerScoresRealNoticesExactlyAsItsArtefactRowsReadThePlainWay() throws IOException {
        assumeTrue(notices != null, "no " + NOTICES + " beside the checkout");
        List<LinearLayer> layers = new ArrayList<>();
        layers.add(model.first);
        for (LinearLayer layer : model.second) {
            if (layer != null) {
                layers.add(layer);
            }
        }
        Map<LinearLayer, Map<Integer, Integer>> rowsOf = new HashMap<>();
        for (LinearLayer layer : layers) {
            Map<Integer, Integer> rowOf = new HashMap<>();
            for (int r = 0; r < layer.buckets.length; r++) {
                rowOf.put(layer.buckets[r], r);
            }
            rowsOf.put(layer, rowOf);
        }
        int checked = 0;
        for (JsonNode notice : RecordedPredictions.notices(notices)) {
            FeatureVector v = model.features()
                    .extract(
                            notice.path("title").asString(""),
                            notice.path("body").asString(""),
                            null,
                            notice.path("publisher").asString(null),
                            Agencies.standard());
            for (LinearLayer layer : layers) {
                double[] plain = plainScores(layer, rowsOf.get(layer), v);
                double[] scored = new double[layer.classes];
                int[] rows = new int[v.size()];
                layer.scores(v, scored, rows);
                assertThat(scored).containsExactly(plain);
                for (int i = 0; i < v.size(); i++) {
                    if (rows[i] != layer.row(v.index[i])) {
                        assertThat(rows[i]).as("row of feature %d", i).isEqualTo(layer.row(v.index[i]));
                    }
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(337 * layers.size());
    }

    /** The scoring before the layout change: artefact rows through a bucket → row map, features in order. */
    private static double[] plainScores(LinearLayer layer, Map<Integer, Integer> rowOf, FeatureVector v) {
        int k = layer.classes;
        float[] acc = layer.bias.clone();
        for (int i = 0; i < v.size(); i++) {
            Integer r = rowOf.get(v.index[i]);
            if (r != null) {
                float x = v.value[i] * layer.scales[r];
                int row = layer.row(v.index[i]);
                for (int c = 0; c < k; c++) {
                    acc[c] += x * layer.quantised[r * k + c];
                    // the explanation's weight (the float the artefact's row gives)
                    if (layer.weight(row, c) != layer.quantised[r * k + c] * layer.scales[r]) {
                        acc[c] = Float.NaN;
                    }
                }
            } else if (layer.row(v.index[i]) != -1) {
                acc[0] = Float.NaN;
            }
        }
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = acc[c];
        }
        return out;
    }

    private static InputStream resource(String name) {
        InputStream in = ScoringEquivalenceTest.class.getResourceAsStream(name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    private static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(in.readAllBytes());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
