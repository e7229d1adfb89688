package org.gongkai.index;

/**
 * Names derived from the configured base name and index version: concrete index {@code NAME-vN} (matched by the
 * template's {@code NAME-v*}), read alias {@code NAME}, write alias {@code NAME-write}.
 *
 * @param base    base name, e.g. {@code notices}
 * @param version version of the concrete index, from 1
 */
public record IndexNames(String base, int version) {

    public IndexNames {
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("empty index base name");
        }
        if (version < 1) {
            throw new IllegalArgumentException("index version must be at least 1: " + version);
        }
    }

    /** The concrete index, e.g. {@code notices-v1}. */
    public String index() {
        return base + "-v" + version;
    }

    /** Pattern of all versions of the index, e.g. {@code notices-v*}. */
    public String indexPattern() {
        return base + "-v*";
    }

    /** Alias searches use, e.g. {@code notices}. */
    public String readAlias() {
        return base;
    }

    /** Alias the indexer writes to, e.g. {@code notices-write}. */
    public String writeAlias() {
        return base + "-write";
    }

    /** Name of the index template, e.g. {@code notices-template}. */
    public String template() {
        return base + "-template";
    }
}
