import com.ibm.icu.text.Transliterator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build-time generator of the Traditional/Simplified character tables (run by exec-maven-plugin in
 * generate-resources: {@code java -cp <icu4j.jar> GenerateScriptTables.java <opencc4j.jar> <out-dir>}).
 *
 * <p>Writes into {@code <out-dir>/gongkai/script/}:
 * <ul>
 *   <li>{@code t2s.tsv}: {@code traditional<TAB>simplified}, one code point each. Where OpenCC's
 *       {@code TSCharacters.txt} (Apache-2.0, in the opencc4j jar) has exactly one candidate for a character, that
 *       candidate decides: OpenCC keeps {@code 著} (standard Simplified: 显著) where ICU folds it to {@code 着}, maps
 *       {@code 峯} to {@code 峰} and {@code 嶽} to {@code 岳} where ICU has nothing, and {@code 噁} to {@code 恶}
 *       where ICU gives an extension-B form. Where OpenCC lists several candidates (乾: 乾 or 干, 藉: 藉 or 借) the
 *       reading depends on the phrase, so ICU's mapping stays and the phrase table ({@code GeneratePhraseTable})
 *       handles the context; where OpenCC has no entry, ICU's {@code Traditional-Simplified} transliterator decides
 *       (a single other code point, else nothing);
 *   <li>{@code simplified.txt}: Han code points that ICU's {@code Simplified-Traditional} changes and that are
 *       not themselves Traditional (keys of t2s): evidence of Simplified script, one a line.
 * </ul>
 * Single-character transliteration is what a per-character table can reproduce; ICU's phrase rules (none in
 * Hant-Hans today) would be lost, which the tests check. Deterministic output (code point order).
 */
public final class GenerateScriptTables {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GenerateScriptTables <opencc4j.jar> <out-dir>");
        }
        Map<Integer, Integer> opencc = openccSingleCandidates(args[0]);
        Path dir = Path.of(args[1], "gongkai", "script");
        Files.createDirectories(dir);
        Transliterator t2s = Transliterator.getInstance("Traditional-Simplified");
        Transliterator s2t = Transliterator.getInstance("Simplified-Traditional");
        String version = com.ibm.icu.util.VersionInfo.ICU_VERSION.toString();
        java.util.BitSet traditional = new java.util.BitSet(Character.MAX_CODE_POINT + 1);
        int pairs = 0;
        int skipped = 0;
        int fromOpencc = 0;
        Path t2sFile = dir.resolve("t2s.tsv");
        try (Writer out = Files.newBufferedWriter(t2sFile, StandardCharsets.UTF_8)) {
            out.write("# Traditional -> Simplified, one code point a side: OpenCC's TSCharacters where it has one"
                    + " candidate (" + Path.of(args[0]).getFileName() + "), else ICU4J " + version
                    + " Traditional-Simplified. Do not edit.\n");
            for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
                if (!isHan(cp)) {
                    continue;
                }
                String in = new String(Character.toChars(cp));
                Integer decided = opencc.get(cp);
                String mapped = decided != null ? new String(Character.toChars(decided)) : t2s.transliterate(in);
                if (decided != null && !mapped.equals(t2s.transliterate(in))) {
                    fromOpencc++;
                }
                if (mapped.equals(in)) {
                    continue;
                }
                if (mapped.codePointCount(0, mapped.length()) != 1) {
                    skipped++;
                    continue;
                }
                out.write(in + "\t" + mapped + "\n");
                traditional.set(cp);
                pairs++;
            }
        }
        int simplified = 0;
        try (Writer out = Files.newBufferedWriter(dir.resolve("simplified.txt"), StandardCharsets.UTF_8)) {
            out.write("# Simplified-only code points (ICU4J " + version
                    + " Simplified-Traditional changes them; not Traditional themselves). Do not edit.\n");
            for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
                if (!isHan(cp) || traditional.get(cp)) {
                    continue;
                }
                String in = new String(Character.toChars(cp));
                if (!s2t.transliterate(in).equals(in)) {
                    out.write(in + "\n");
                    simplified++;
                }
            }
        }
        System.out.printf(
                "GenerateScriptTables: %d pairs (%d where OpenCC and ICU differ, OpenCC's taken; %d multi-character"
                        + " mappings skipped), %d simplified-only, into %s%n",
                pairs, fromOpencc, skipped, simplified, dir);
    }

    /** OpenCC's TSCharacters entries with exactly one candidate, Han code point to Han code point. */
    private static Map<Integer, Integer> openccSingleCandidates(String jar) throws IOException {
        Map<Integer, Integer> map = new HashMap<>();
        try (ZipFile zip = new ZipFile(jar)) {
            ZipEntry entry = zip.getEntry("data/dictionary/TSCharacters.txt");
            if (entry == null) {
                throw new IllegalStateException("data/dictionary/TSCharacters.txt missing from " + jar);
            }
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] parts = line.split("\t", -1);
                    if (parts.length != 2) {
                        throw new IllegalStateException("bad line in TSCharacters.txt: " + line);
                    }
                    String[] candidates = parts[1].strip().split(" ");
                    String from = parts[0].strip();
                    if (candidates.length == 1
                            && from.codePointCount(0, from.length()) == 1
                            && candidates[0].codePointCount(0, candidates[0].length()) == 1
                            && isHan(from.codePointAt(0))
                            && isHan(candidates[0].codePointAt(0))) {
                        map.put(from.codePointAt(0), candidates[0].codePointAt(0));
                    }
                }
            }
        }
        return map;
    }

    private static boolean isHan(int cp) {
        return Character.isValidCodePoint(cp)
                && !(cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)
                && Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }
}
