package org.gongkai.enrich.normalise;

/**
 * A label/value pair as an extractor found it, before normalisation.
 *
 * @param label  label as written (e.g. {@code 索 引 號(hào)：}), or the {@code <meta>} name for {@link Origin#META}
 * @param value  value as written, possibly empty
 * @param origin where the pair came from
 */
public record RawField(String label, String value, Origin origin) {

    public RawField {
        label = label == null ? "" : label;
        value = value == null ? "" : value;
    }

    public static RawField block(String label, String value) {
        return new RawField(label, value, Origin.BLOCK);
    }

    public static RawField meta(String name, String content) {
        return new RawField(name, content, Origin.META);
    }

    /** A value a site hint located for a field: the label is the field's preferred label. */
    public static RawField hint(Field field, String value) {
        return new RawField(field.labels().get(0), value, Origin.HINT);
    }

    /** Where a pair was found. */
    public enum Origin {
        /** The page's metadata block (table cells, label：value lists, text rows). */
        BLOCK,
        /** A {@code <meta name content>} tag: a fallback only. */
        META,
        /** Located by a per-site hint: wins over every other source of its field. */
        HINT
    }
}
