package org.gongkai.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares two runs metric by metric ({@code deploy/bench/compare a.json b.json}): both figures, b / a, and each
 * run's verdict. Metrics only one run has are listed with the other side empty. On a shared machine read the load
 * averages the table starts with before reading a change into a ratio.
 */
public final class Comparison {

    private Comparison() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: compare a.json b.json");
            System.exit(2);
        }
        System.out.print(compare(Report.read(Path.of(args[0])), Report.read(Path.of(args[1]))));
    }

    /** One row per metric name, in a's order then b's new ones. */
    public static List<Row> rows(Report a, Report b) {
        Map<String, Metric[]> byName = new LinkedHashMap<>();
        a.metrics().forEach(m -> byName.computeIfAbsent(m.name(), k -> new Metric[2])[0] = m);
        b.metrics().forEach(m -> byName.computeIfAbsent(m.name(), k -> new Metric[2])[1] = m);
        return byName.entrySet().stream()
                .map(e -> new Row(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    /** A metric in both runs (either may be {@code null}). */
    public record Row(String name, Metric a, Metric b) {

        /** b / a, or {@code null} when either figure is missing or a is 0. */
        public Double change() {
            if (a == null || b == null || Double.isNaN(a.value()) || Double.isNaN(b.value()) || a.value() == 0) {
                return null;
            }
            return b.value() / a.value();
        }
    }

    public static String compare(Report a, Report b) {
        StringBuilder out = new StringBuilder();
        out.append("a: ")
                .append(a.startedAt())
                .append(" load ")
                .append(a.machine().get("loadAverage"))
                .append('\n');
        out.append("b: ")
                .append(b.startedAt())
                .append(" load ")
                .append(b.machine().get("loadAverage"))
                .append('\n');
        out.append("| metric | a | b | b / a | verdict a → b |\n|---|---|---|---|---|\n");
        for (Row row : rows(a, b)) {
            Metric any = row.a() != null ? row.a() : row.b();
            out.append("| ")
                    .append(any.label())
                    .append(" | ")
                    .append(row.a() == null ? "" : Report.number(row.a().value()) + " " + any.unit())
                    .append(" | ")
                    .append(row.b() == null ? "" : Report.number(row.b().value()) + " " + any.unit())
                    .append(" | ")
                    .append(row.change() == null ? "" : String.format(Locale.ROOT, "%.2f", row.change()))
                    .append(" | ")
                    .append(verdict(row.a()))
                    .append(" → ")
                    .append(verdict(row.b()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String verdict(Metric m) {
        return m == null || m.verdict() == null ? "–" : m.verdict();
    }
}
