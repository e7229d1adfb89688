package org.gongkai.enrich.classify;

import java.util.Objects;

/**
 * A node of the national subject taxonomy (主题分类).
 *
 * @param first  first-level category, e.g. {@code 财政、金融、审计}
 * @param second second-level category, e.g. {@code 税务}; {@code null} for a first-level node
 */
public record SubjectNode(String first, String second) {

    public SubjectNode {
        Objects.requireNonNull(first, "first");
    }

    /** A first-level node. */
    public static SubjectNode of(String first) {
        return new SubjectNode(first, null);
    }

    /** The node's first level alone. */
    public SubjectNode firstLevel() {
        return second == null ? this : new SubjectNode(first, null);
    }

    /** {@code 一级} or {@code 一级\二级}, the form pages use. */
    public String path() {
        return second == null ? first : first + '\\' + second;
    }

    @Override
    public String toString() {
        return path();
    }
}
