package org.gongkai.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Just enough PromQL reading to list the metric names and labels an expression refers to, and the metric and label
 * of a Grafana {@code label_values(…)} variable. deploy/monitoring/metric-names.py reads the names the same way for
 * deploy/compose-test (a shell test; this one is Java), from the same list of words that are not metrics
 * ({@value #NOT_METRICS_FILE}); PromQlTest checks that the two readings agree.
 */
final class PromQl {

    /** Where the words that are not metric names are listed, one a line; metric-names.py reads the same file. */
    static final String NOT_METRICS_FILE = "deploy/monitoring/promql-not-metrics.txt";

    /** Functions, keywords and series that no target exports: ALERTS is made by Prometheus while an alert fires. */
    private static final Set<String> NOT_METRICS = readNotMetrics();

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\(\\s*(.*?)\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");

    private PromQl() {}

    /** The repository root: the build sets {@code gongkai.repo}; from deploy/local it is two levels up. */
    static Path repo() {
        return Path.of(System.getProperty("gongkai.repo", "../.."))
                .toAbsolutePath()
                .normalize();
    }

    private static Set<String> readNotMetrics() {
        try {
            return Files.readAllLines(repo().resolve(NOT_METRICS_FILE)).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + NOT_METRICS_FILE, e);
        }
    }

    static Set<String> metricNames(String expr) {
        String stripped = expr.replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " ") // range selectors and subqueries
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ") // grouping labels
                .replaceAll("\"[^\"]*\"", " ") // strings
                .replaceAll("(?<![a-zA-Z_:])\\d[\\d.]*(e[-+]?\\d+)?", " "); // numbers
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String token = m.group();
            if (!NOT_METRICS.contains(token)) {
                names.add(token);
            }
        }
        return names;
    }

    /** The labels each selector of the expression matches on, by metric name (functions and {@code up} left out). */
    static Map<String, Set<String>> matchedLabels(String expr) {
        Map<String, Set<String>> labels = new TreeMap<>();
        Matcher selector = SELECTOR.matcher(expr);
        while (selector.find()) {
            if (NOT_METRICS.contains(selector.group(1))) {
                continue;
            }
            Set<String> names = labels.computeIfAbsent(selector.group(1), k -> new TreeSet<>());
            Matcher matcher = MATCHER.matcher(selector.group(2).replaceAll("\"[^\"]*\"", "\"\""));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return labels;
    }

    /** The labels of the expression's {@code by (…)} and {@code without (…)} clauses. */
    static Set<String> groupingLabels(String expr) {
        Set<String> labels = new TreeSet<>();
        Matcher m = GROUPING.matcher(expr);
        while (m.find()) {
            for (String label : m.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        return labels;
    }

    /** A Grafana variable query {@code label_values(SELECTOR, LABEL)}: its selector and label. */
    record LabelValues(String selector, String label) {}

    static Optional<LabelValues> labelValues(String query) {
        Matcher m = LABEL_VALUES.matcher(query.strip());
        return m.matches() ? Optional.of(new LabelValues(m.group(1), m.group(2))) : Optional.empty();
    }
}
