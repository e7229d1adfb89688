package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Training with a feature block the shipped model leaves off (issue 15): the addressee block (fifth pass), the
 * mentioned-agency block with scope keywords (session 10). Either is reproducible, and its weights travel with the
 * artefact so the service reads the notice as the trainer did.
 */
class OptionalBlockTrainingTest {

    static Stream<Arguments> blocks() {
        return Stream.of(
                Arguments.of("addressee block", new TextFeatures.Weights(1f, 0.8f, 0.8f, 0.8f, 0.8f)),
                Arguments.of(
                        "mentioned agencies and scope keywords",
                        new TextFeatures.Weights(1f, 0.8f, 0.8f, 0.8f, 0f, 0.4f, 0.5f)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void trainingWithTheBlockIsReproducibleAndTheArtefactCarriesIt(String block, TextFeatures.Weights weights)
            throws IOException {
        List<RealNotices.RealNotice> real = RealNotices.shipped(DeclaredCategoryMapper.standard(), new int[1]);
        Taxonomy taxonomy = Taxonomy.national();
        SubjectTrainer trainer = new SubjectTrainer(taxonomy, KeywordBaseline.standard(taxonomy));
        SubjectTrainer.Options options = options(weights);
        byte[] first = EvaluateOnRealNotices.trainFinal(trainer, List.of(), real, options, 1)
                .artefact();
        byte[] second = EvaluateOnRealNotices.trainFinal(trainer, List.of(), real, options, 1)
                .artefact();
        assertThat(second).isEqualTo(first);
        SubjectModel model = SubjectModel.read(new ByteArrayInputStream(first));
        assertThat(model.features().weights()).isEqualTo(weights);
        // the same notices without the block train another model: the block is read
        assertThat(EvaluateOnRealNotices.trainFinal(trainer, List.of(), real, options(TextFeatures.Weights.DEFAULTS), 1)
                        .artefact())
                .isNotEqualTo(first);
    }

    /** The shipped training options (3 epochs, as the tests train) with these feature weights. */
    private static SubjectTrainer.Options options(TextFeatures.Weights weights) {
        SubjectTrainer.Options defaults = SubjectTrainer.Options.defaults("subject-block-test");
        return new SubjectTrainer.Options(
                defaults.version(),
                defaults.seed(),
                defaults.bits(),
                defaults.maxChars(),
                3,
                defaults.learningRate(),
                defaults.l2(),
                weights,
                defaults.minDocs());
    }
}
