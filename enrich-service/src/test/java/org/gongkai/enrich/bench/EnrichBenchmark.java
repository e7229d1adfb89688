package org.gongkai.enrich.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.gongkai.analysis.fold.ScriptFolding;
import org.gongkai.enrich.Fixtures;
import org.gongkai.enrich.normalise.PinyinGlosses;
import org.gongkai.enrich.pipeline.NoticeEnricher;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.RawNotice;

/**
 * Throughput of extraction and normalisation ({@link NoticeEnricher#enrich}) on one thread, i.e. per core, for
 * notices with about 2,000 characters of text, in three shapes: a Simplified TRS table page, a Traditional mirror
 * page with pinyin glosses, and the seed's plain-text (WET) form. A harness, not a test: run it with
 *
 * <pre>
 * mvn -o -q test-compile exec:java -pl enrich-service -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.gongkai.enrich.bench.EnrichBenchmark [-Dgongkai.bench.seconds=10]
 * </pre>
 *
 * {@code gongkai.bench.seconds} (or the first argument) is the measured time per shape (default 10 s of CPU time,
 * after a warm-up of half that), {@code gongkai.bench.traced=true} runs each notice as the traced listener does
 * ({@link TracedEnrich}: observation, Brave tracer, MDC) to compare with tracing off, {@code gongkai.bench.shape} (or the second argument) picks shapes whose name contains it;
 * {@code exec.args} is not used because it would also reach the build's generator step. Figures depend on
 * the machine and on what else runs on it.
 */
public final class EnrichBenchmark {

    static final int TEXT_CHARS = 2_000;

    private EnrichBenchmark() {}

    public static void main(String[] args) {
        double seconds =
                Double.parseDouble(args.length > 0 ? args[0] : System.getProperty("gongkai.bench.seconds", "10"));
        NoticeEnricher enricher = new NoticeEnricher("bench", Clock.systemUTC(), new SimpleMeterRegistry());

        String seed = Fixtures.text("seed/000_dfb611d724c5a3ca.txt");
        List<String> seedLines = seed.lines().toList();
        String metadataRows = String.join("\n", seedLines.subList(0, 4));
        List<String> glossed = paragraphs(seedLines.subList(4, seedLines.size()), TEXT_CHARS);
        List<String> simplified = glossed.stream()
                .map(p -> ScriptFolding.standard().fold(PinyinGlosses.strip(p)))
                .toList();

        Map<String, RawNotice> shapes = new LinkedHashMap<>();
        shapes.put(
                "html, Simplified, TRS table",
                raw(
                        "text/html",
                        Fixtures.text("fixtures/trs-table.html")
                                .replace(
                                        "<div class=\"TRS_Editor\">",
                                        "<div class=\"TRS_Editor\">" + html(simplified))));
        shapes.put(
                "html, Traditional mirror with glosses",
                raw(
                        "text/html",
                        Fixtures.text("fixtures/mirror.html")
                                .replace("<div class=\"content\">", "<div class=\"content\">" + html(glossed))));
        shapes.put(
                "text/plain (WET), Traditional with glosses",
                raw("text/plain", metadataRows + "\n" + String.join("\n", glossed)));

        boolean traced = Boolean.getBoolean("gongkai.bench.traced");
        ToIntFunction<RawNotice> step = traced
                ? new TracedEnrich(enricher)
                : raw -> enricher.enrich(raw).body().length();
        System.out.printf(
                "EnrichBenchmark: %s s per shape, 1 thread, %d cores available, Java %s%s%n",
                seconds,
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                traced ? ", each notice in a traced observation with MDC (TracedEnrich)" : "");
        String only = args.length > 1 ? args[1] : System.getProperty("gongkai.bench.shape", "");
        for (Map.Entry<String, RawNotice> shape : shapes.entrySet()) {
            if (!shape.getKey().contains(only)) {
                continue;
            }
            RawNotice raw = shape.getValue();
            EnrichedNotice sample = enricher.enrich(raw);
            run(step, raw, seconds / 2); // warm-up
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long count = run(step, raw, seconds);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            // per core = per second of this thread's CPU time, which stays meaningful on a shared, loaded machine
            System.out.printf(
                    "  %-44s page %5d chars, body %5d chars, script %-11s: %8.0f notices/s per core"
                            + " (CPU time; %.0f/s wall clock, %.1f M page chars/s per core)%n",
                    shape.getKey(),
                    raw.body().length(),
                    sample.body().length(),
                    sample.details().script(),
                    count / cpu,
                    count / elapsed,
                    count * (double) raw.body().length() / cpu / 1e6);
        }
    }

    /** Enriches the notice until this thread has used {@code seconds} of CPU time; returns how many times. */
    private static long run(ToIntFunction<RawNotice> step, RawNotice raw, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = threads.getCurrentThreadCpuTime() + (long) (seconds * 1e9);
        long count = 0;
        int sink = 0;
        while (threads.getCurrentThreadCpuTime() < deadline) {
            for (int i = 0; i < 50; i++) {
                sink += step.applyAsInt(raw);
                count++;
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the result alive
        }
        return count;
    }

    /**
     * Whole paragraphs, repeated if needed, until they hold about {@code chars} characters of text once their
     * glosses are removed (the last one cut).
     */
    private static List<String> paragraphs(List<String> source, int chars) {
        List<String> out = new ArrayList<>();
        int total = 0;
        for (int i = 0; total < chars; i++) {
            String p = source.get(i % source.size());
            int clean = PinyinGlosses.strip(p).length();
            if (clean == 0) {
                continue;
            }
            if (clean > chars - total) {
                p = PinyinGlosses.strip(p).substring(0, chars - total);
                clean = p.length();
            }
            out.add(p);
            total += clean;
        }
        return out;
    }

    private static String html(List<String> paragraphs) {
        StringBuilder out = new StringBuilder();
        for (String p : paragraphs) {
            out.append("<p>").append(p).append("</p>\n");
        }
        return out.toString();
    }

    private static RawNotice raw(String contentType, String body) {
        return Fixtures.raw("https://www.example.gov.cn/xxgk/202308/t20230803_1.html", contentType, body);
    }
}
