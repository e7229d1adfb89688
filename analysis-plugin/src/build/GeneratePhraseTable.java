import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build-time generator of the Traditional → Simplified phrase table (run by exec-maven-plugin in generate-resources,
 * after {@code GenerateScriptTables}: {@code java GeneratePhraseTable.java <opencc4j.jar> <out-dir>}).
 *
 * <p>Source: OpenCC's dictionaries (Apache-2.0, Copyright Carbo Kuo (BYVoid) and contributors) as packaged in the
 * opencc4j jar under {@code data/dictionary/}. Kept, each phrase of at least two code points whose Simplified form
 * has as many code points (one character for one, so a char filter keeps offsets simple; others are skipped and
 * counted) and differs from what the character table ({@code t2s.tsv}, from ICU4J) gives:
 * <ol>
 *   <li>every entry of {@code TSPhrases.txt} (OpenCC's own Traditional → Simplified phrases, first candidate);
 *   <li>{@code STPhrases.txt} inverted (first Traditional candidate → Simplified phrase) where at each changed
 *       position OpenCC's {@code TSCharacters.txt} converts the Traditional character to that Simplified one by
 *       default (the ICU table just lacks it, e.g. 麪 → 面), and the Simplified side holds no character either
 *       table would still fold (variant keys such as 出汙泥 are left out);
 *   <li>inverted entries whose Traditional character OpenCC keeps by default (覆, 餘, 薰 ...: also standard
 *       Simplified characters) only when listed in {@code t2s-context-phrases.txt} (reviewed; each must be an
 *       inverted STPhrases entry). Blindly inverted, OpenCC's pre-1986 variant keys would turn 覆盖率 into 复盖率
 *       and 重蹈覆辙 into 重蹈复辙; the list keeps the reply readings missing from TSPhrases, such as 覆函 → 复函.
 * </ol>
 * A Traditional phrase that several Simplified phrases map to is ambiguous and left out. Writes
 * {@code <out-dir>/gongkai/script/t2s-phrases.tsv}, sorted, deterministic.
 */
public final class GeneratePhraseTable {

    private static final String DICTIONARIES = "data/dictionary/";

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException(
                    "usage: GeneratePhraseTable <opencc4j.jar> <t2s-context-phrases.txt> <out-dir>");
        }
        Path dir = Path.of(args[2], "gongkai", "script");
        Set<String> reviewed = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
            String phrase = line.replaceFirst("#.*", "").strip();
            if (!phrase.isEmpty()) {
                reviewed.add(phrase);
            }
        }
        Map<Integer, Integer> characters = readCharacterTable(dir.resolve("t2s.tsv"));
        Map<String, String> tsPhrases;
        Map<String, String> stPhrases;
        Map<Integer, List<Integer>> tsCharacters;
        String source = Path.of(args[0]).getFileName().toString();
        try (ZipFile jar = new ZipFile(args[0])) {
            tsPhrases = readDictionary(jar, "TSPhrases.txt");
            stPhrases = readDictionary(jar, "STPhrases.txt");
            tsCharacters = new HashMap<>();
            for (var entry : readDictionary(jar, "TSCharacters.txt", false).entrySet()) {
                tsCharacters.put(entry.getKey().codePointAt(0),
                        Arrays.stream(entry.getValue().split(" ")).map(c -> c.codePointAt(0)).toList());
            }
        }

        // Traditional phrase -> Simplified phrase, TSPhrases first; inverted STPhrases where unambiguous
        Map<String, String> candidates = new LinkedHashMap<>(tsPhrases);
        Map<String, TreeSet<String>> inverted = new HashMap<>();
        stPhrases.forEach((simplified, traditional) ->
                inverted.computeIfAbsent(traditional, k -> new TreeSet<>()).add(simplified));
        int ambiguous = 0;
        int variants = 0;
        int unreviewed = 0;
        Set<String> reviewedFound = new TreeSet<>();
        for (var entry : new TreeMap<>(inverted).entrySet()) {
            String traditional = entry.getKey();
            if (candidates.containsKey(traditional)) {
                continue;
            }
            TreeSet<String> simplified = entry.getValue();
            if (simplified.size() > 1) {
                if (!simplified.contains(foldCharacters(traditional, characters))) {
                    ambiguous++;
                }
                continue;
            }
            String target = simplified.first();
            if (traditional.codePointCount(0, traditional.length()) != target.codePointCount(0, target.length())) {
                candidates.put(traditional, target); // counted below
                continue;
            }
            Reading reading = reading(traditional, target, characters, tsCharacters);
            if (reading == Reading.DEFAULT) {
                candidates.put(traditional, target);
            } else if (reading == Reading.CONTEXT && reviewed.contains(traditional)) {
                candidates.put(traditional, target);
                reviewedFound.add(traditional);
            } else if (reading == Reading.CONTEXT) {
                unreviewed++;
            } else {
                variants++;
            }
        }
        reviewed.removeAll(reviewedFound);
        if (!reviewed.isEmpty()) {
            throw new IllegalStateException("reviewed phrases that are no inverted STPhrases entry: " + reviewed);
        }

        TreeMap<String, String> kept = new TreeMap<>();
        int unequal = 0;
        int single = 0;
        int redundant = 0;
        for (var entry : candidates.entrySet()) {
            String traditional = entry.getKey();
            String simplified = entry.getValue();
            int length = traditional.codePointCount(0, traditional.length());
            if (length < 2) {
                single++;
            } else if (simplified.codePointCount(0, simplified.length()) != length) {
                unequal++;
            } else if (foldCharacters(traditional, characters).equals(simplified)) {
                redundant++;
            } else {
                kept.put(traditional, simplified);
            }
        }
        int maxLength = 0;
        Path out = dir.resolve("t2s-phrases.tsv");
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            writer.write("# Traditional -> Simplified phrases, generated from OpenCC's TSPhrases.txt and inverted"
                    + " STPhrases.txt (" + source + "); only where the character table differs. Do not edit.\n");
            writer.write("# OpenCC: Copyright (c) Carbo Kuo (BYVoid) and contributors, Apache License 2.0"
                    + " (https://github.com/BYVoid/OpenCC).\n");
            for (var entry : kept.entrySet()) {
                writer.write(entry.getKey() + "\t" + entry.getValue() + "\n");
                maxLength = Math.max(maxLength, entry.getKey().length());
            }
        }
        System.out.printf(
                "GeneratePhraseTable: %d phrases (longest %d chars, %d reviewed) from %d TSPhrases + %d STPhrases;"
                        + " skipped: %d unequal length, %d single characters, %d ambiguous inversions, %d variant"
                        + " inversions, %d unreviewed context readings, %d the character table already gives;"
                        + " into %s%n",
                kept.size(), maxLength, reviewedFound.size(), tsPhrases.size(), stPhrases.size(), unequal, single,
                ambiguous, variants, unreviewed, redundant, out);
    }

    /** How an inverted STPhrases entry relates to OpenCC's own character conversion. */
    private enum Reading {
        /** OpenCC converts every changed character so by default: safe. */
        DEFAULT,
        /** Some changed character OpenCC keeps by default (it is also a Simplified character): needs review. */
        CONTEXT,
        /** Inconsistent with OpenCC's characters, or a Simplified side that is itself a variant: left out. */
        VARIANT
    }

    private static Reading reading(String traditional, String simplified, Map<Integer, Integer> characters,
            Map<Integer, List<Integer>> tsCharacters) {
        int[] t = traditional.codePoints().toArray();
        int[] s = simplified.codePoints().toArray();
        Reading reading = Reading.DEFAULT;
        for (int i = 0; i < t.length; i++) {
            if (characters.containsKey(s[i]) || tsCharacters.getOrDefault(s[i], List.of(s[i])).get(0) != s[i]) {
                return Reading.VARIANT; // the Simplified side would itself be folded
            }
            if (t[i] == s[i] || characters.getOrDefault(t[i], t[i]) == s[i]) {
                continue;
            }
            List<Integer> options = tsCharacters.getOrDefault(t[i], List.of(t[i]));
            if (!options.contains(s[i])) {
                return Reading.VARIANT;
            }
            if (options.get(0) != s[i]) {
                reading = Reading.CONTEXT;
            }
        }
        return reading;
    }

    private static Map<String, String> readDictionary(ZipFile jar, String name) throws IOException {
        return readDictionary(jar, name, true);
    }

    /** {@code key<TAB>candidate[ candidate...]} lines → key → first candidate (or all of them). */
    private static Map<String, String> readDictionary(ZipFile jar, String name, boolean first) throws IOException {
        ZipEntry entry = jar.getEntry(DICTIONARIES + name);
        if (entry == null) {
            throw new IllegalStateException(DICTIONARIES + name + " missing from " + jar.getName());
        }
        Map<String, String> map = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(jar.getInputStream(entry), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", -1);
                if (parts.length != 2 || parts[0].isEmpty() || parts[1].isBlank()) {
                    throw new IllegalStateException("bad line in " + name + ": " + line);
                }
                map.putIfAbsent(parts[0].strip(), first ? parts[1].strip().split(" ")[0] : parts[1].strip());
            }
        }
        return map;
    }

    private static Map<Integer, Integer> readCharacterTable(Path t2s) throws IOException {
        Map<Integer, Integer> map = new HashMap<>();
        for (String line : Files.readAllLines(t2s, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] pair = line.split("\t", -1);
            map.put(pair[0].codePointAt(0), pair[1].codePointAt(0));
        }
        return map;
    }

    private static String foldCharacters(String text, Map<Integer, Integer> characters) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(characters.getOrDefault(cp, cp)));
        return out.toString();
    }
}
