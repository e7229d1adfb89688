package org.gongkai.local;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough PromQL reading to list the metric names an expression refers to. */
final class PromQl {

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
            "absent",
            "up");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQl() {}

    static Set<String> metricNames(String expr) {
        String stripped = expr.replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " ") // range selectors
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
}
