package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training with the mentioned-agency block and scope keywords (issue 15, session 10; off in the shipped model):
 * reproducible, and both travel with the artefact so the service reads mentions and scope words as the trainer did.
 */
class AgencyRolesTrainingTest {

    @Test
    void trainingWithMentionedAgenciesAndScopeKeywordsIsReproducibleAndTheArtefactCarriesThem() throws IOException {
        List<RealNotices.RealNotice> real = RealNotices.shipped(DeclaredCategoryMapper.standard(), new int[1]);
        Taxonomy taxonomy = Taxonomy.national();
        SubjectTrainer trainer = new SubjectTrainer(taxonomy, KeywordBaseline.standard(taxonomy));
        SubjectTrainer.Options defaults = SubjectTrainer.Options.defaults("subject-roles-test");
        TextFeatures.Weights weights = new TextFeatures.Weights(1f, 0.8f, 0.8f, 0.8f, 0f, 0.4f, 0.5f);
        SubjectTrainer.Options options = new SubjectTrainer.Options(
                defaults.version(),
                defaults.seed(),
                defaults.bits(),
                defaults.maxChars(),
                3,
                defaults.learningRate(),
                defaults.l2(),
                weights,
                defaults.minDocs());
        byte[] first = EvaluateOnRealNotices.trainFinal(trainer, List.of(), real, options, 1)
                .artefact();
        byte[] second = EvaluateOnRealNotices.trainFinal(trainer, List.of(), real, options, 1)
                .artefact();
        assertThat(second).isEqualTo(first);
        SubjectModel model = SubjectModel.read(new ByteArrayInputStream(first));
        assertThat(model.features().weights()).isEqualTo(weights);
        // the same notices with the defaults train another model: the mentions and scope values are read
        SubjectTrainer.Options without = new SubjectTrainer.Options(
                defaults.version(),
                defaults.seed(),
                defaults.bits(),
                defaults.maxChars(),
                3,
                defaults.learningRate(),
                defaults.l2(),
                TextFeatures.Weights.DEFAULTS,
                defaults.minDocs());
        assertThat(EvaluateOnRealNotices.trainFinal(trainer, List.of(), real, without, 1)
                        .artefact())
                .isNotEqualTo(first);
    }
}
