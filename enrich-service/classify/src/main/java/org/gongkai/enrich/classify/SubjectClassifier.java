package org.gongkai.enrich.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every notice a subject: maps its declared category ({@link DeclaredCategoryMapper}) and predicts one from
 * its text ({@link SubjectModel}), flagging disagreement. Below {@code firstThreshold} the prediction is
 * "unclassified"; a second level is given only when its calibrated probability reaches {@code secondThreshold}.
 * Thread-safe; allocation is per call, no shared mutable state.
 */
public final class SubjectClassifier {

    /**
     * Thresholds and explanation size.
     *
     * @param firstThreshold  minimum calibrated first-level probability for a prediction (else unclassified)
     * @param secondThreshold minimum calibrated probability of the first and second level together for a
     *                        second level
     * @param topTerms        number of top terms reported per notice (0 for none)
     */
    public record Settings(double firstThreshold, double secondThreshold, int topTerms) {

        /**
         * 0.4, 0.4 and 5. First level 0.4 since session 11 (0.5 before): an abstention on a category with one or two
         * notices costs its whole F1, and 0.4 is the lowest value at which subject-free notices still stay
         * unclassified (CLASSIFICATION.md, "Session 11").
         */
        public static final Settings DEFAULTS = new Settings(0.4, 0.4, 5);

        public Settings {
            if (firstThreshold < 0
                    || firstThreshold > 1
                    || secondThreshold < 0
                    || secondThreshold > 1
                    || topTerms < 0) {
                throw new IllegalArgumentException("thresholds in [0, 1], topTerms >= 0");
            }
        }
    }

    private final SubjectModel model;
    private final DeclaredCategoryMapper mapper;
    private final Agencies agencies;
    private final Settings settings;

    /** With the shipped agency table. */
    public SubjectClassifier(SubjectModel model, DeclaredCategoryMapper mapper, Settings settings) {
        this(model, mapper, Agencies.standard(), settings);
    }

    public SubjectClassifier(SubjectModel model, DeclaredCategoryMapper mapper, Agencies agencies, Settings settings) {
        this.model = model;
        this.mapper = mapper;
        this.agencies = agencies;
        this.settings = settings;
        for (String label : model.firstLabels) {
            if (!mapper.taxonomy().contains(SubjectNode.of(label))) {
                throw new IllegalArgumentException("model label '" + label + "' is not in the taxonomy");
            }
        }
    }

    /** The shipped model, taxonomy and synonyms with default settings. */
    public static SubjectClassifier standard() {
        return new SubjectClassifier(SubjectModel.loadDefault(), DeclaredCategoryMapper.standard(), Settings.DEFAULTS);
    }

    public SubjectModel model() {
        return model;
    }

    /**
     * Classifies a notice. Text is expected normalised (Simplified, glosses removed), as the normaliser leaves it.
     *
     * @param title            notice title, may be {@code null}
     * @param body             main text, may be {@code null}
     * @param attachmentsText  text of attachments, concatenated, may be {@code null}
     * @param declaredCategory the page's 主题分类 value, {@code null} when it has none
     */
    public SubjectClassification classify(String title, String body, String attachmentsText, String declaredCategory) {
        return classify(title, body, attachmentsText, null, declaredCategory);
    }

    /**
     * Classifies a notice. Text is expected normalised (Simplified, glosses removed), as the normaliser leaves it.
     *
     * @param title            notice title, may be {@code null}
     * @param body             main text, may be {@code null}
     * @param attachmentsText  text of attachments, concatenated, may be {@code null}
     * @param publisher        the page's 发布机构 / 发文机关 value, {@code null} when it has none
     * @param declaredCategory the page's 主题分类 value, {@code null} when it has none
     */
    public SubjectClassification classify(
            String title, String body, String attachmentsText, String publisher, String declaredCategory) {
        DeclaredSubject declared = mapper.map(declaredCategory);
        FeatureVector v = model.features.extract(title, body, attachmentsText, publisher, agencies);
        PredictedSubject predicted;
        int best = 0;
        int[] rows = null;
        if (v.size() == 0) {
            predicted = new PredictedSubject(null, 0, 0, null);
        } else {
            rows = new int[v.size()];
            double[] p = model.firstProbabilities(v, rows);
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            String first = model.firstLabels.get(best);
            if (p[best] < settings.firstThreshold()) {
                predicted = new PredictedSubject(null, p[best], 0, first);
            } else {
                SubjectNode node = SubjectNode.of(first);
                double secondScore = 0;
                double[] q = model.secondProbabilities(v, best);
                List<String> children = model.secondLabels.get(best);
                if (q != null) {
                    int top = 0;
                    for (int c = 1; c < q.length; c++) {
                        if (q[c] > q[top]) {
                            top = c;
                        }
                    }
                    if (p[best] * q[top] >= settings.secondThreshold()) {
                        node = new SubjectNode(first, children.get(top));
                        secondScore = p[best] * q[top];
                    }
                } else if (children.size() == 1 && p[best] >= settings.secondThreshold()) {
                    node = new SubjectNode(first, children.get(0));
                    secondScore = p[best];
                }
                predicted = new PredictedSubject(node, p[best], secondScore, first);
            }
        }
        // a listed declaration names several first levels, only the first of which is kept: no disagreement claimed
        boolean disagreement = declared.trainable()
                && predicted.classified()
                && !declared.node().first().equals(predicted.node().first());
        List<TopTerm> terms = predicted.candidate() == null ? List.of() : topTerms(v, rows, best);
        return new SubjectClassification(declared, predicted, disagreement, terms, model.version);
    }

    private List<TopTerm> topTerms(FeatureVector v, int[] rows, int category) {
        if (settings.topTerms() == 0) {
            return List.of();
        }
        LinearLayer layer = model.first;
        // keep the strongest few features before building strings: explanation must not cost the hot path
        int keep = settings.topTerms() * 4;
        int[] ids = new int[keep];
        double[] weights = new double[keep];
        int kept = 0;
        for (int i = 0; i < v.index.length; i++) {
            int row = rows[i];
            if (row < 0) {
                continue;
            }
            double contribution = v.value[i] * layer.weight(row, category);
            if (contribution <= 0 || kept == keep && contribution <= weights[keep - 1]) {
                continue;
            }
            int at = kept < keep ? kept++ : keep - 1;
            while (at > 0 && weights[at - 1] < contribution) {
                weights[at] = weights[at - 1];
                ids[at] = ids[at - 1];
                at--;
            }
            weights[at] = contribution;
            ids[at] = i;
        }
        Map<String, Double> byTerm = new HashMap<>();
        for (int j = 0; j < kept; j++) {
            byTerm.merge(v.term(ids[j]), weights[j], Double::sum);
        }
        List<TopTerm> terms = new ArrayList<>(byTerm.size());
        byTerm.forEach((term, weight) -> terms.add(new TopTerm(term, weight)));
        terms.sort(Comparator.comparingDouble(TopTerm::weight).reversed().thenComparing(TopTerm::term));
        return terms.size() > settings.topTerms() ? List.copyOf(terms.subList(0, settings.topTerms())) : terms;
    }
}
