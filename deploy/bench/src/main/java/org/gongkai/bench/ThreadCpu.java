package org.gongkai.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's CPU by thread group, from {@code jcmd <pid> Thread.print} (each thread's {@code cpu=} figure): used on
 * Elasticsearch to say which of its thread pools (write, search, refresh, flush, merges, ...) took the CPU of a
 * stage. Threads are grouped by their pool ({@code elasticsearch[node][write][T#1]} → {@code write}; Lucene's merge
 * threads → {@code merge}; others by their name without numbers, e.g. {@code C2 CompilerThread}). Threads that ended
 * between two snapshots (merges run on threads of their own) are not in the later one: what the process used beyond
 * the live threads' sum is reported as {@link #ENDED}.
 */
final class ThreadCpu {

    /** Group of the CPU of threads gone by the second snapshot (process CPU − the live threads' sum). */
    static final String ENDED = "(threads that ended)";

    private static final Pattern THREAD = Pattern.compile("^\"(.*)\" .*?\\bcpu=([0-9.]+)(ms|s)\\b");
    private static final Pattern POOL = Pattern.compile("^elasticsearch\\[[^\\]]*\\]\\[([a-z_]+)\\]");

    private ThreadCpu() {}

    /**
     * CPU seconds by group of the live threads of the JVM that is {@code root} or its busiest descendant
     * (Elasticsearch's launcher starts the server as its child); empty when jcmd fails.
     */
    static Map<String, Double> snapshot(long root) {
        long pid = ProcessHandle.of(root)
                .map(h -> java.util.stream.Stream.concat(java.util.stream.Stream.of(h), h.descendants())
                        .map(ProcessHandle::pid)
                        .max(Comparator.comparingDouble(ProcStats::cpuSeconds))
                        .orElse(root))
                .orElse(root);
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            List<String> command = new ArrayList<>();
            // HotSpot's attach needs the target's user: Elasticsearch runs as its own user when the harness is root
            String owner = Files.getOwner(Path.of("/proc", Long.toString(pid))).getName();
            if (!owner.equals(System.getProperty("user.name")) && "root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("runuser", "-u", owner, "--"));
            }
            command.addAll(List.of(jcmd.toString(), Long.toString(pid), "Thread.print"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Map.of();
            }
            return parse(out);
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** CPU seconds by group from a {@code Thread.print} dump. */
    static Map<String, Double> parse(String dump) {
        Map<String, Double> groups = new TreeMap<>();
        for (String line : dump.split("\n")) {
            Matcher m = THREAD.matcher(line);
            if (m.find()) {
                double seconds = Double.parseDouble(m.group(2)) / (m.group(3).equals("ms") ? 1000 : 1);
                groups.merge(group(m.group(1)), seconds, Double::sum);
            }
        }
        return groups;
    }

    static String group(String thread) {
        if (thread.contains("Lucene Merge Thread")) {
            return "merge";
        }
        Matcher pool = POOL.matcher(thread);
        if (pool.find()) {
            return pool.group(1);
        }
        return thread.replaceAll("#?\\d+", "").replaceAll("\\s+", " ").trim();
    }

    /**
     * What each group used between two snapshots, largest first, with {@link #ENDED} for the process CPU the live
     * threads do not account for ({@code processCpu}: the process's CPU seconds over the same interval).
     */
    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after, double processCpu) {
        Map<String, Double> used = new TreeMap<>();
        after.forEach((g, s) -> used.put(g, s - before.getOrDefault(g, 0.0)));
        // a group whose threads ended may show less than before: their share is in ENDED
        used.replaceAll((g, s) -> Math.max(0, s));
        double live = used.values().stream().mapToDouble(Double::doubleValue).sum();
        used.put(ENDED, Math.max(0, processCpu - live));
        Map<String, Double> sorted = new LinkedHashMap<>();
        used.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
