package org.gongkai.enrich.classify;

/**
 * A page's declared subject category mapped to the national taxonomy.
 *
 * @param raw   the value as declared ({@code null} when the page declared none)
 * @param match how it was mapped
 * @param node  the national node, {@code null} for {@link Match#ABSENT} and {@link Match#UNMAPPED}; for
 *              {@link Match#LISTED} the node of the first listed category that maps
 */
public record DeclaredSubject(String raw, Match match, SubjectNode node) {

    /** No declared value. */
    public static final DeclaredSubject ABSENT = new DeclaredSubject(null, Match.ABSENT, null);

    /** How a declared value was mapped. */
    public enum Match {
        /** The page declared no subject category. */
        ABSENT,
        /** A national name, {@code 一级} or {@code 一级\二级}. */
        EXACT,
        /** A second-level name alone that belongs to exactly one first-level category. */
        SECOND_LEVEL_NAME,
        /** A local name found in the synonym table. */
        SYNONYM,
        /** {@code 一级\二级} whose first level is known and second level is not: mapped to the first level only. */
        FIRST_LEVEL_ONLY,
        /**
         * The value lists several categories ({@code 工业、交通,商贸、海关}); mapped to the first listed one that maps
         * (first level only when that one is known only by its first level).
         */
        LISTED,
        /** Not recognised: kept raw, never forced onto a node. */
        UNMAPPED
    }

    /** Whether the value was mapped to a national node. */
    public boolean mapped() {
        return node != null;
    }

    /**
     * Whether the value may teach the model its node: mapped, and not {@link Match#LISTED}. A listed value is an
     * ambiguous label: the notice belongs to several first levels, and training on the first one would teach the
     * model that the text of the others is not theirs. It is still the notice's facet value.
     */
    public boolean trainable() {
        return mapped() && match != Match.LISTED;
    }

    /** Quality flag for the notice, {@code null} when there is nothing to flag. */
    public String flag() {
        return switch (match) {
            case UNMAPPED -> "subject_declared_unmapped";
            case FIRST_LEVEL_ONLY -> "subject_declared_second_level_unmapped";
            case LISTED -> "subject_declared_several";
            default -> null;
        };
    }
}
