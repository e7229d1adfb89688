package org.gongkai.analysis.bench;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.gongkai.analysis.fold.ScriptFolding;
import tools.jackson.databind.ObjectMapper;

/**
 * Throughput on one thread of {@link ScriptFolding#foldCharacters(String)} (character table alone, as before the
 * phrase table) against {@link ScriptFolding#fold(String)} (phrases and characters), over the bodies of the real
 * notices in Simplified (as mainland pages are) and converted to Traditional with OpenCC (synthetic mirror of real
 * text). A harness, not a test: run from the repository root with
 *
 * <pre>
 * mvn -o -q test-compile exec:java -pl analysis-plugin -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.gongkai.analysis.bench.FoldingBenchmark [-Dgongkai.bench.seconds=5]
 * </pre>
 *
 * Prints characters per second of CPU time after a warm-up of half the measured time.
 */
public final class FoldingBenchmark {

    private FoldingBenchmark() {}

    public static void main(String[] args) throws IOException {
        double seconds = Double.parseDouble(System.getProperty("gongkai.bench.seconds", "5"));
        Path file = Path.of(System.getProperty("gongkai.notices", "../shared/data/real-notices/notices.jsonl"));
        ObjectMapper json = new ObjectMapper();
        StringBuilder simplified = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            simplified.append(json.readTree(line).path("body").asString("")).append('\n');
        }
        String text = simplified.toString();
        String traditional = ZhConverterUtil.toTraditional(text);
        ScriptFolding folding = ScriptFolding.standard();
        System.out.printf("real notice bodies: %d chars; %.1f s per case%n", text.length(), seconds);
        run("Simplified, characters", folding::foldCharacters, text, seconds);
        run("Simplified, phrases", folding::fold, text, seconds);
        run("Traditional, characters", folding::foldCharacters, traditional, seconds);
        run("Traditional, phrases", folding::fold, traditional, seconds);
    }

    private static void run(String name, UnaryOperator<String> fold, String text, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        long start = threads.getCurrentThreadCpuTime();
        while (threads.getCurrentThreadCpuTime() - start < seconds / 2 * 1e9) {
            sink += fold.apply(text).length();
        }
        start = threads.getCurrentThreadCpuTime();
        long chars = 0;
        while (threads.getCurrentThreadCpuTime() - start < seconds * 1e9) {
            sink += fold.apply(text).length();
            chars += text.length();
        }
        double cpu = (threads.getCurrentThreadCpuTime() - start) / 1e9;
        System.out.printf("%-26s %8.1f M chars/s   (%d)%n", name, chars / cpu / 1e6, sink % 10);
    }
}
