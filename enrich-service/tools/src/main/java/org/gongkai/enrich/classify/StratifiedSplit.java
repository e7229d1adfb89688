package org.gongkai.enrich.classify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The stratified split of a labelled corpus into training, calibration and test sets, per label node (background
 * notices form a stratum of their own): each stratum, in corpus order, shuffled with one {@link Random} of the seed
 * (strata in order of first appearance), its test share taken first, then its calibration share, the rest for
 * training (shares rounded per stratum). Same corpus and seed give the same sets, in the same order: the
 * {@link SubjectTrainer}'s byte-for-byte reproducible model depends on it. Stateless.
 */
final class StratifiedSplit {

    private StratifiedSplit() {}

    /** 70 % training, 10 % calibration, 20 % test: [train, calibration, test]. */
    static List<List<LabelledNotice>> split(List<LabelledNotice> corpus, long seed) {
        return split(corpus, seed, 0.1, 0.2);
    }

    /** Stratified split per label node with the given calibration and test shares: [train, calibration, test]. */
    static List<List<LabelledNotice>> split(
            List<LabelledNotice> corpus, long seed, double calibrationShare, double testShare) {
        Map<String, List<LabelledNotice>> byLabel = new LinkedHashMap<>();
        for (LabelledNotice notice : corpus) {
            byLabel.computeIfAbsent(notice.background() ? "" : notice.label().path(), k -> new ArrayList<>())
                    .add(notice);
        }
        Random random = new Random(seed);
        List<LabelledNotice> train = new ArrayList<>();
        List<LabelledNotice> calibration = new ArrayList<>();
        List<LabelledNotice> test = new ArrayList<>();
        for (List<LabelledNotice> group : byLabel.values()) {
            List<LabelledNotice> shuffled = new ArrayList<>(group);
            Collections.shuffle(shuffled, random);
            int n = shuffled.size();
            int nTest = (int) Math.round(n * testShare);
            int nCal = (int) Math.round(n * calibrationShare);
            test.addAll(shuffled.subList(0, nTest));
            calibration.addAll(shuffled.subList(nTest, nTest + nCal));
            train.addAll(shuffled.subList(nTest + nCal, n));
        }
        return List.of(train, calibration, test);
    }
}
