package org.gongkai.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A benchmark run: the machine it ran on (cores, load average before and after: the build machine is shared, so
 * read every figure with it), the options, the metrics and free-text notes. Written and read as JSON
 * ({@code docs/benchmarks.json}); {@link #table()} prints it for people.
 */
public record Report(
        String startedAt,
        Map<String, Object> machine,
        Map<String, Object> options,
        List<Metric> metrics,
        List<String> notes) {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public void write(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, toJson() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON with, per metric, its ratio and verdict computed (so a reader of the file needs no code). */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("startedAt", startedAt);
        root.put("machine", machine);
        root.put("options", options);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Metric m : metrics) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", m.name());
            entry.put("label", m.label());
            entry.put("value", Double.isNaN(m.value()) ? null : m.value());
            entry.put("unit", m.unit());
            entry.put("baseline", m.baseline());
            entry.put("ratio", m.ratio());
            if (m.target() != null) {
                entry.put(
                        "target",
                        Map.of(
                                "atLeast", m.target().atLeast(),
                                "limit", m.target().limit(),
                                "ofBaseline", m.target().ofBaseline()));
            }
            entry.put("verdict", m.verdict());
            list.add(entry);
        }
        root.put("metrics", list);
        root.put("notes", notes);
        return JSON.writeValueAsString(root);
    }

    /**
     * Reads a file written by {@link #write}; unknown fields are ignored, a missing value reads as {@code NaN}, and
     * an older run's RSS row judged in MiB is read as today's MB and MiB rows ({@link ResidentMemory#fromOlderRun}).
     */
    public static Report read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Report parse(String json) {
        JsonNode root = JSON.readTree(json);
        List<Metric> metrics = new ArrayList<>();
        for (JsonNode m : root.path("metrics")) {
            JsonNode t = m.path("target");
            Metric.Target target = t.isObject()
                    ? new Metric.Target(
                            t.path("atLeast").asBoolean(),
                            t.path("limit").asDouble(),
                            t.path("ofBaseline").asBoolean())
                    : null;
            metrics.addAll(ResidentMemory.fromOlderRun(new Metric(
                    m.path("name").asString(),
                    m.path("label").asString(m.path("name").asString()),
                    m.path("value").isNumber() ? m.path("value").asDouble() : Double.NaN,
                    m.path("unit").asString(""),
                    m.path("baseline").isNumber() ? m.path("baseline").asDouble() : null,
                    target)));
        }
        List<String> notes = new ArrayList<>();
        root.path("notes").forEach(n -> notes.add(n.asString()));
        return new Report(
                root.path("startedAt").asString(""),
                JSON.convertValue(root.path("machine"), Map.class),
                JSON.convertValue(root.path("options"), Map.class),
                metrics,
                notes);
    }

    /** A Markdown table: figure, baseline, ratio, target, verdict. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append("| metric | value | baseline | ratio | target | verdict |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Metric m : metrics) {
            out.append("| ")
                    .append(m.label())
                    .append(" | ")
                    .append(number(m.value()))
                    .append(' ')
                    .append(m.unit())
                    .append(" | ")
                    .append(m.baseline() == null ? "" : number(m.baseline()) + " " + m.unit())
                    .append(" | ")
                    .append(m.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", m.ratio()))
                    .append(" | ")
                    .append(m.target() == null ? "" : m.target().describe())
                    .append(" | ")
                    .append(m.verdict() == null ? "" : m.verdict())
                    .append(" |\n");
        }
        return out.toString();
    }

    /** Three significant figures at most below 1000, whole numbers above; {@code –} for a missing figure. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 1000 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
