package org.gongkai.enrich.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gongkai.events.EnrichedNotice;

/**
 * The subject of a notice: its declared category mapped to the national taxonomy, the classifier's prediction,
 * and whether they disagree.
 *
 * @param declared     the declared category and how it mapped
 * @param predicted    the classifier's subject ("unclassified" when not confident)
 * @param disagreement declared and predicted first levels differ (both known; never for a declaration that lists
 *                     several categories, {@link DeclaredSubject.Match#LISTED})
 * @param topTerms     n-grams that contributed most to the predicted first level, strongest first
 * @param modelVersion version of the model that predicted
 */
public record SubjectClassification(
        DeclaredSubject declared,
        PredictedSubject predicted,
        boolean disagreement,
        List<TopTerm> topTerms,
        String modelVersion) {

    public SubjectClassification {
        topTerms = List.copyOf(topTerms);
    }

    /** The subject to facet on: the declared node when it mapped, else the prediction, else {@code null}. */
    public SubjectNode subject() {
        return declared.mapped() ? declared.node() : predicted.node();
    }

    /**
     * Quality flags of the notice: {@code subject_declared_unmapped}, {@code subject_declared_second_level_unmapped},
     * {@code subject_declared_several} (the value lists several categories, the first that maps is the subject),
     * {@code subject_unclassified}. A prediction that differs from a mapped declared category says something about
     * the model, not the page: it is {@link #disagreement()} on the subject ({@code subject.disagreement} in the
     * event), not a flag.
     */
    public List<String> flags() {
        List<String> flags = new ArrayList<>(2);
        if (declared.flag() != null) {
            flags.add(declared.flag());
        }
        if (!predicted.classified()) {
            flags.add("subject_unclassified");
        }
        return flags;
    }

    /**
     * The classification in the event contract's form: facet value and its source, the declared value
     * ({@code null} when the page declared none), the prediction, top terms and model version.
     */
    public EnrichedNotice.Subject toEvent() {
        SubjectNode node = subject();
        String source = declared.mapped() ? "declared" : predicted.classified() ? "predicted" : null;
        EnrichedNotice.Subject.Declared declaredEvent = null;
        if (declared.match() != DeclaredSubject.Match.ABSENT) {
            SubjectNode d = declared.node();
            declaredEvent = new EnrichedNotice.Subject.Declared(
                    declared.raw(),
                    declared.match().name().toLowerCase(Locale.ROOT),
                    d == null ? null : d.first(),
                    d == null ? null : d.second());
        }
        SubjectNode p = predicted.node();
        return new EnrichedNotice.Subject(
                node == null ? null : node.first(),
                node == null ? null : node.second(),
                source,
                declaredEvent,
                new EnrichedNotice.Subject.Predicted(
                        p == null ? null : p.first(),
                        p == null ? null : p.second(),
                        predicted.firstScore(),
                        predicted.secondScore(),
                        predicted.candidate()),
                disagreement,
                topTerms.stream()
                        .map(t -> new EnrichedNotice.Subject.Term(t.term(), t.weight()))
                        .toList(),
                modelVersion);
    }
}
