package org.gongkai.enrich.classify;

/**
 * A character n-gram behind a prediction.
 *
 * @param term   the n-gram as it occurs in the notice
 * @param weight its contribution to the predicted first-level category's score (feature value times weight)
 */
public record TopTerm(String term, double weight) {}
