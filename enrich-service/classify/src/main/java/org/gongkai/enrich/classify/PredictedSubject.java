package org.gongkai.enrich.classify;

/**
 * The classifier's subject for a notice.
 *
 * @param node        predicted node: first level, plus the second level when confident; {@code null} when the
 *                    notice is unclassified (first-level score below the threshold)
 * @param firstScore  calibrated probability of the best first-level category (also when unclassified)
 * @param secondScore calibrated probability of the predicted second-level node (first and second level both
 *                    right); 0 when no second level is given
 * @param candidate   best first-level category whatever its score (debugging; never a facet value)
 */
public record PredictedSubject(SubjectNode node, double firstScore, double secondScore, String candidate) {

    /** Whether the notice got a subject, i.e. is not "unclassified". */
    public boolean classified() {
        return node != null;
    }
}
