package org.gongkai.portal.query;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The placeholders of the query files with what a value of each must be. Text is trimmed and must be 1 to
 * {@value #MAX_TEXT} characters (code points): every pair of characters becomes a term and Elasticsearch refuses
 * queries of more than a few thousand clauses, so a longer query is refused rather than cut (a cut query would
 * silently answer another question).
 */
public enum Parameter {
    Q("q", Kind.TEXT),
    PREFIX("prefix", Kind.TEXT),
    DOCUMENT_NUMBER("document_number", Kind.TEXT),
    INDEX_NUMBER("index_number", Kind.TEXT),
    NOTICE_ID("notice_id", Kind.NOTICE_ID),
    PUBLISHERS("publishers", Kind.LIST),
    SUBJECTS("subjects", Kind.LIST),
    SUBJECTS_SECOND("subjects_second", Kind.LIST),
    GENRES("genres", Kind.LIST),
    VALIDITIES("validities", Kind.LIST),
    SITES("sites", Kind.LIST),
    SUBJECT_MODEL_VERSIONS("subject_model_versions", Kind.LIST),
    PUBLISHED_FROM("published_from", Kind.DATE),
    PUBLISHED_TO("published_to", Kind.DATE);

    /** Longest text value, in characters (Unicode code points). */
    public static final int MAX_TEXT = 100;
    /** Most values of one list parameter (facet values chosen at once). */
    public static final int MAX_VALUES = 50;
    /** Longest single value of a list parameter (a publisher's name, a subject). */
    public static final int MAX_VALUE_LENGTH = 200;

    private static final Pattern NOTICE_ID_FORMAT = Pattern.compile("[0-9a-f]{16}");

    enum Kind {
        TEXT,
        LIST,
        DATE,
        NOTICE_ID
    }

    private final String placeholder;
    private final Kind kind;

    Parameter(String placeholder, Kind kind) {
        this.placeholder = placeholder;
        this.kind = kind;
    }

    /** The name between the braces of {@code "{{name}}"} in the query files. */
    public String placeholder() {
        return placeholder;
    }

    public boolean isList() {
        return kind == Kind.LIST;
    }

    public static Optional<Parameter> byPlaceholder(String name) {
        return Arrays.stream(values()).filter(p -> p.placeholder.equals(name)).findFirst();
    }

    /** The checked value of a single-valued parameter: trimmed text, a date, a notice id. */
    Object check(String raw) {
        if (kind == Kind.LIST) {
            return check(List.of(raw));
        }
        if (raw == null || raw.isBlank()) {
            throw new BadParameterException(placeholder, "must not be empty");
        }
        String value = raw.strip();
        return switch (kind) {
            case TEXT -> {
                int length = value.codePointCount(0, value.length());
                if (length > MAX_TEXT) {
                    throw new BadParameterException(
                            placeholder, "is " + length + " characters long, at most " + MAX_TEXT + " are allowed");
                }
                yield value;
            }
            case DATE -> {
                try {
                    yield LocalDate.parse(value).toString();
                } catch (DateTimeParseException e) {
                    throw new BadParameterException(
                            placeholder, "must be a date YYYY-MM-DD, not '" + shorten(value) + "'");
                }
            }
            case NOTICE_ID -> {
                if (!NOTICE_ID_FORMAT.matcher(value).matches()) {
                    throw new BadParameterException(
                            placeholder, "must be a notice id (16 hex digits), not '" + shorten(value) + "'");
                }
                yield value;
            }
            case LIST -> throw new AssertionError();
        };
    }

    /** The checked values of a list parameter: each trimmed and non-empty, duplicates dropped, order kept. */
    List<String> check(List<String> raw) {
        if (kind != Kind.LIST) {
            if (raw.size() != 1) {
                throw new BadParameterException(placeholder, "takes one value, not " + raw.size());
            }
            return List.of((String) check(raw.get(0)));
        }
        if (raw.isEmpty()) {
            throw new BadParameterException(placeholder, "needs at least one value");
        }
        if (raw.size() > MAX_VALUES) {
            throw new BadParameterException(placeholder, "at most " + MAX_VALUES + " values, not " + raw.size());
        }
        List<String> values = new ArrayList<>();
        for (String value : raw) {
            if (value == null || value.isBlank()) {
                throw new BadParameterException(placeholder, "must not have an empty value");
            }
            String v = value.strip();
            if (v.codePointCount(0, v.length()) > MAX_VALUE_LENGTH) {
                throw new BadParameterException(
                        placeholder, "a value is longer than " + MAX_VALUE_LENGTH + " characters");
            }
            if (!values.contains(v)) {
                values.add(v);
            }
        }
        return List.copyOf(values);
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
