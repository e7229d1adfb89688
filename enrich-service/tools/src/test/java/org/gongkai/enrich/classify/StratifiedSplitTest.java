package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The training, calibration and test sets are cut per label node, and the same seed cuts them the same way. */
class StratifiedSplitTest {

    private static final SubjectNode TAX = new SubjectNode("财政、金融、审计", "税务");
    private static final SubjectNode AUDIT = new SubjectNode("财政、金融、审计", "审计");

    private final List<LabelledNotice> corpus = corpus();

    private static List<LabelledNotice> corpus() {
        List<LabelledNotice> corpus = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            corpus.add(new LabelledNotice("税务通知 " + i, "正文 " + i, "", TAX));
            if (i < 30) {
                corpus.add(new LabelledNotice("审计公告 " + i, "正文 " + i, "", AUDIT));
            }
            if (i < 20) {
                corpus.add(new LabelledNotice("网站维护 " + i, "正文 " + i, "", null));
            }
        }
        return corpus;
    }

    @Test
    void eachLabelNodeAndTheBackgroundAreSplitInTheSameShares() {
        List<List<LabelledNotice>> sets = StratifiedSplit.split(corpus, 7L);

        assertThat(counts(sets, n -> TAX.equals(n.label()))).containsExactly(35, 5, 10);
        assertThat(counts(sets, n -> AUDIT.equals(n.label()))).containsExactly(21, 3, 6);
        assertThat(counts(sets, LabelledNotice::background)).containsExactly(14, 2, 4);
    }

    @Test
    void theSetsAreDisjointAndHoldTheWholeCorpus() {
        List<List<LabelledNotice>> sets = StratifiedSplit.split(corpus, 7L, 0.1, 0);

        List<LabelledNotice> all = new ArrayList<>();
        sets.forEach(all::addAll);
        assertThat(all).containsExactlyInAnyOrderElementsOf(corpus);
        assertThat(sets.get(2)).isEmpty();
        assertThat(sets.get(1)).hasSize(5 + 3 + 2);
    }

    @Test
    void theSameSeedGivesTheSameSetsInTheSameOrderAndAnotherSeedOthers() {
        assertThat(StratifiedSplit.split(corpus, 7L)).isEqualTo(StratifiedSplit.split(new ArrayList<>(corpus), 7L));
        assertThat(StratifiedSplit.split(corpus, 8L).get(2))
                .isNotEqualTo(StratifiedSplit.split(corpus, 7L).get(2));
    }

    private static List<Integer> counts(List<List<LabelledNotice>> sets, Predicate<LabelledNotice> stratum) {
        return sets.stream()
                .map(set -> (int) set.stream().filter(stratum).count())
                .toList();
    }
}
