package org.gongkai.analysis.bench;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gongkai.analysis.fold.ScriptFolding;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * How many real notice titles (and bodies) come back identical after a mirror site's conversion to Traditional
 * with OpenCC (opencc4j's Simplified → Traditional: STPhrases, STCharacters) and our folding back, character table
 * alone against character and phrase tables. Real titles, synthetic mirror. A harness, not a test: run it with
 *
 * <pre>
 * mvn -o -q test-compile exec:java -pl analysis-plugin -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.gongkai.analysis.bench.RoundTripHarness [-Dgongkai.notices=../shared/data/real-notices/notices.jsonl]
 * </pre>
 *
 * Prints the round-trip rates and the titles that still differ.
 */
public final class RoundTripHarness {

    private RoundTripHarness() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(System.getProperty("gongkai.notices", "../shared/data/real-notices/notices.jsonl"));
        ScriptFolding folding = ScriptFolding.standard();
        ObjectMapper json = new ObjectMapper();
        int titles = 0;
        int titlesChars = 0;
        int titlesPhrases = 0;
        int bodies = 0;
        int bodiesChars = 0;
        int bodiesPhrases = 0;
        List<String> differing = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode notice = json.readTree(line);
            String title = notice.path("title").asString("");
            if (!title.isEmpty()) {
                String traditional = ZhConverterUtil.toTraditional(title);
                titles++;
                titlesChars += folding.foldCharacters(traditional).equals(title) ? 1 : 0;
                String folded = folding.fold(traditional);
                if (folded.equals(title)) {
                    titlesPhrases++;
                } else {
                    differing.add(title + " -> " + traditional + " -> " + folded);
                }
            }
            String body = notice.path("body").asString("");
            if (!body.isEmpty()) {
                String traditional = ZhConverterUtil.toTraditional(body);
                bodies++;
                bodiesChars += folding.foldCharacters(traditional).equals(body) ? 1 : 0;
                bodiesPhrases += folding.fold(traditional).equals(body) ? 1 : 0;
            }
        }
        System.out.printf(
                "real titles, OpenCC mirror: %d; identical after folding: characters %d (%.1f %%),"
                        + " phrases %d (%.1f %%)%n",
                titles, titlesChars, 100.0 * titlesChars / titles, titlesPhrases, 100.0 * titlesPhrases / titles);
        System.out.printf(
                "real bodies, OpenCC mirror: %d; identical after folding: characters %d (%.1f %%),"
                        + " phrases %d (%.1f %%)%n",
                bodies, bodiesChars, 100.0 * bodiesChars / bodies, bodiesPhrases, 100.0 * bodiesPhrases / bodies);
        differing.forEach(d -> System.out.println("  differs: " + d));
    }
}
