package org.gongkai.analysis.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.gongkai.analysis.fold.Folding;
import org.gongkai.analysis.lucene.CjkBigrams;
import org.gongkai.analysis.lucene.FoldingCharFilter;
import org.gongkai.analysis.lucene.IdentifierAnalyzer;
import org.gongkai.analysis.lucene.TextAnalyzer;
import tools.jackson.databind.ObjectMapper;

/**
 * Analysis cost on one thread (per core) of the plugin's analyzers against Lucene's standard analyzer, over the
 * titles and bodies of the real notices ({@code shared/data/real-notices}, about 2,260 chars of body each). A
 * harness, not a test: run it from the repository root with the class path of the module's README, optionally
 * {@code -Dgongkai.bench.seconds=5 -Dgongkai.bench.rounds=3 -Dgongkai.notices=…}.
 *
 * <p>Each analyzer analyses every notice's title and body (one token stream each, consumed like the indexer
 * does) in rounds of {@code seconds} of thread CPU time; the first round is a warm-up (JIT) and is not printed
 * apart from being discarded. Prints µs of CPU per notice, M chars/s and tokens per char for each later round, so
 * the spread shows. Figures depend on the machine and on what else runs on it: give the load average beside them.
 */
public final class AnalysisBenchmark {

    private AnalysisBenchmark() {}

    public static void main(String[] args) throws IOException {
        double seconds = Double.parseDouble(System.getProperty("gongkai.bench.seconds", "5"));
        int rounds = Integer.parseInt(System.getProperty("gongkai.bench.rounds", "3"));
        List<String[]> notices =
                notices(Path.of(System.getProperty("gongkai.notices", "../shared/data/real-notices/notices.jsonl")));
        Map<String, Analyzer> analyzers = new LinkedHashMap<>();
        String only = System.getProperty("gongkai.bench.analyzers", "");
        analyzers.put("standard (Lucene)", new StandardAnalyzer());
        analyzers.put("gongkai_text_index", new TextAnalyzer(true));
        analyzers.put("gongkai_text_search", new TextAnalyzer(false));
        analyzers.put("gongkai_identifier", new IdentifierAnalyzer());
        // bounds, not analyzers of the plugin: what the index chain would cost without some of its steps
        analyzers.put("bound_no_width_lower", new PartialChain(true));
        analyzers.put("bound_tokenizer_only", new PartialChain(false));
        if (!only.isEmpty()) {
            analyzers.keySet().retainAll(List.of(only.split(",")));
        }
        long chars = 0;
        for (String[] notice : notices) {
            chars += notice[0].length() + notice[1].length();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(
                "real notices: %d, %.0f chars each (title + body); %.1f s per round, first round warm-up%n",
                notices.size(), (double) chars / notices.size(), seconds);
        for (var entry : analyzers.entrySet()) {
            Analyzer analyzer = entry.getValue();
            for (int round = 0; round <= rounds; round++) {
                long start = threads.getCurrentThreadCpuTime();
                long docs = 0;
                long tokens = 0;
                while (threads.getCurrentThreadCpuTime() - start < seconds * 1e9) {
                    for (String[] notice : notices) {
                        tokens += count(analyzer, "title", notice[0]) + count(analyzer, "body", notice[1]);
                    }
                    docs += notices.size();
                }
                double cpu = (threads.getCurrentThreadCpuTime() - start) / 1e9;
                if (round > 0) {
                    double totalChars = (double) chars * docs / notices.size();
                    System.out.printf(
                            "%-22s round %d  %7.1f µs/notice  %6.1f M chars/s  %5.2f tokens/char%n",
                            entry.getKey(), round, cpu * 1e6 / docs, totalChars / cpu / 1e6, tokens / totalChars);
                }
            }
        }
    }

    /**
     * {@code gongkai_text_index} with steps left out, to bound what a cheaper step could save (session 11): the fold
     * char filter and the standard tokenizer, then (with {@code bigrams}) the bigram filter with unigrams; the width
     * and lower-case filters left out. Other tokens than the plugin's (upper case kept): a bound, not an analyzer.
     */
    private static final class PartialChain extends Analyzer {
        private final boolean bigrams;

        PartialChain(boolean bigrams) {
            this.bigrams = bigrams;
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            return new TokenStreamComponents(source, bigrams ? CjkBigrams.filter(source, true) : source);
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return new FoldingCharFilter(reader, Folding.TEXT);
        }
    }

    private static List<String[]> notices(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String[]> notices = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            var node = json.readTree(line);
            notices.add(new String[] {
                node.path("title").asString(""), node.path("body").asString("")
            });
        }
        return notices;
    }

    private static int count(Analyzer analyzer, String field, String text) {
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
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
