package org.gongkai.analysis.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.gongkai.analysis.fold.TestTexts;
import org.gongkai.analysis.lucene.IdentifierAnalyzer;
import org.gongkai.analysis.lucene.TextAnalyzer;

/**
 * Analysis throughput on one thread (per core) of the plugin's analyzers against Lucene's standard analyzer, over
 * the test notices (Simplified and Traditional). A harness, not a test: run it with
 *
 * <pre>
 * mvn -o -q test-compile exec:java -pl analysis-plugin -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.gongkai.analysis.bench.AnalysisBenchmark [-Dgongkai.bench.seconds=5]
 * </pre>
 *
 * Prints characters per second of CPU time and tokens per character, after a warm-up of half the measured time.
 * Figures depend on the machine and on what else runs on it.
 */
public final class AnalysisBenchmark {

    private AnalysisBenchmark() {}

    public static void main(String[] args) {
        double seconds = Double.parseDouble(System.getProperty("gongkai.bench.seconds", "5"));
        String text = TestTexts.text("notice.txt") + TestTexts.text("traditional-notice.txt");
        Map<String, Analyzer> analyzers = new LinkedHashMap<>();
        analyzers.put("standard (Lucene)", new StandardAnalyzer());
        analyzers.put("gongkai_text_index", new TextAnalyzer(true));
        analyzers.put("gongkai_text_search", new TextAnalyzer(false));
        analyzers.put("gongkai_identifier", new IdentifierAnalyzer());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("text: %d chars; %.1f s per analyzer%n", text.length(), seconds);
        for (var entry : analyzers.entrySet()) {
            run(entry.getValue(), text, seconds / 2, threads);
            long start = threads.getCurrentThreadCpuTime();
            long chars = 0;
            long tokens = 0;
            while (threads.getCurrentThreadCpuTime() - start < seconds * 1e9) {
                tokens += count(entry.getValue(), text);
                chars += text.length();
            }
            double cpu = (threads.getCurrentThreadCpuTime() - start) / 1e9;
            System.out.printf(
                    "%-22s %8.1f M chars/s  %5.2f tokens/char%n",
                    entry.getKey(), chars / cpu / 1e6, (double) tokens / chars);
        }
    }

    private static void run(Analyzer analyzer, String text, double seconds, ThreadMXBean threads) {
        long start = threads.getCurrentThreadCpuTime();
        while (threads.getCurrentThreadCpuTime() - start < seconds * 1e9) {
            count(analyzer, text);
        }
    }

    private static int count(Analyzer analyzer, String text) {
        try (TokenStream stream = analyzer.tokenStream("body", text)) {
            stream.reset();
            int n = 0;
            while (stream.incrementToken()) {
                n++;
            }
            stream.end();
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
