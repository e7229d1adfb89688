package org.gongkai.local;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading to list the metric names and labels an expression refers to, and the metric and label
 * of a Grafana {@code label_values(…)} variable. deploy/monitoring/metric-names.py reads the names the same way for
 * deploy/compose-test (a shell test; this one is Java).
 */
final class PromQl {

    /** Functions, keywords and series that no target exports: ALERTS is made by Prometheus while an alert fires. */
    private static final Set<String> NOT_METRICS = Set.of(
            "sum",
            "rate",
            "irate",
            "increase",
            "max",
            "min",
            "avg",
            "count",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "clamp_min",
            "clamp_max",
            "histogram_quantile",
            "and",
            "or",
            "unless",
            "offset",
            "bool",
            "topk",
            "bottomk",
            "abs",
            "delta",
            "deriv",
            "label_replace",
            "vector",
            "scalar",
            "time",
            "timestamp",
            "max_over_time",
            "min_over_time",
            "avg_over_time",
            "sum_over_time",
            "count_over_time",
            "last_over_time",
            "quantile_over_time",
            "stddev_over_time",
            "present_over_time",
            "absent_over_time",
            "predict_linear",
            "ceil",
            "floor",
            "round",
            "sqrt",
            "ln",
            "log10",
            "label_join",
            "changes",
            "resets",
            "sort",
            "sort_desc",
            "absent",
            "up",
            "ALERTS");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\(\\s*(.*?)\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");

    private PromQl() {}

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
