package org.gongkai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the machine's CPU went during the end-to-end stage, from the start of the crawl to the end of the wait for
 * the last notices: each process that takes part (the three services, the broker, Elasticsearch, the harness itself:
 * corpus server, topic watchers, searchable poller) in µs per published notice, their sum, and what the sum allows:
 * {@code cores × 10^6 / sum} notices/s is the most the machine could carry with nothing else on it. Elasticsearch's
 * share is split by thread pool ({@link ThreadCpu}), so the harness's own searches ({@code search}) stand apart
 * from the indexing ({@code write}), the refreshes, flushes and merges.
 *
 * @param notices    notices published in the stage
 * @param seconds    the stage's wall time
 * @param cpuSeconds CPU seconds each process used over it, by name
 * @param esPools    Elasticsearch's CPU seconds by thread group over it
 * @param cores      the machine's cores
 */
record EndToEndCpu(
        long notices, double seconds, Map<String, Double> cpuSeconds, Map<String, Double> esPools, int cores) {

    double sumMicrosPerNotice() {
        return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum() / notices * 1e6;
    }

    /** The rate whose CPU would fill every core: the machine's ceiling with nothing else running. */
    double ceilingPerSecond() {
        return cores * 1e6 / sumMicrosPerNotice();
    }

    List<Metric> metrics() {
        List<Metric> m = new ArrayList<>();
        cpuSeconds.forEach((name, s) -> m.add(Metric.of(
                "e2e." + name + "_cpu_us",
                "end to end: " + name + " CPU per notice (whole stage)",
                s / notices * 1e6,
                "µs")));
        m.add(Metric.of(
                "e2e.machine_cpu_us",
                "end to end: CPU per notice, all of these processes together",
                sumMicrosPerNotice(),
                "µs"));
        m.add(Metric.of(
                "e2e.machine_cores",
                "end to end: cores they used together (whole stage)",
                cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum() / seconds,
                "cores"));
        m.add(Metric.of(
                "e2e.cpu_ceiling_per_s",
                "end to end: rate at which that CPU would fill all " + cores + " cores",
                ceilingPerSecond(),
                "notices/s"));
        return m;
    }

    List<String> notes() {
        return notes("end to end: CPU per notice over the whole stage");
    }

    /** The note, starting with {@code what} (e.g. which round of the stage). */
    List<String> notes(String what) {
        String pools = esPools.entrySet().stream()
                .filter(e -> e.getValue() >= 0.005 * Math.max(1e-9, sum(esPools)))
                .map(e -> String.format(Locale.ROOT, "%s %.0f µs", e.getKey(), e.getValue() / notices * 1e6))
                .collect(Collectors.joining(", "));
        return List.of(String.format(
                Locale.ROOT,
                "%s (%.0f s, %d notices): %s; together %.0f µs, so %d"
                        + " cores carry at most %.0f notices/s with nothing else running. Elasticsearch's by thread"
                        + " pool (jcmd Thread.print; search = the harness's searchable poller): %s",
                what,
                seconds,
                notices,
                cpuSeconds.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.0f µs", e.getKey(), e.getValue() / notices * 1e6))
                        .collect(Collectors.joining(", ")),
                sumMicrosPerNotice(),
                cores,
                ceilingPerSecond(),
                pools.isEmpty() ? "not available" : pools));
    }

    private static double sum(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
