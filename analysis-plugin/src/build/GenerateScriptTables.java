import com.ibm.icu.text.Transliterator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build-time generator of the Traditional/Simplified character tables (run by exec-maven-plugin in
 * generate-resources: {@code java -cp <icu4j.jar> GenerateScriptTables.java <out-dir>}).
 *
 * <p>Writes into {@code <out-dir>/gongkai/script/}:
 * <ul>
 *   <li>{@code t2s.tsv}: {@code traditional<TAB>simplified}, one code point each, for every Han code point that
 *       ICU's {@code Traditional-Simplified} transliterator maps to exactly one other code point;
 *   <li>{@code simplified.txt}: Han code points that ICU's {@code Simplified-Traditional} changes and that are
 *       not themselves Traditional (keys of t2s): evidence of Simplified script, one a line.
 * </ul>
 * Single-character transliteration is what a per-character table can reproduce; ICU's phrase rules (none in
 * Hant-Hans today) would be lost, which the tests check. Deterministic output (code point order).
 */
public final class GenerateScriptTables {

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GenerateScriptTables <out-dir>");
        }
        Path dir = Path.of(args[0], "gongkai", "script");
        Files.createDirectories(dir);
        Transliterator t2s = Transliterator.getInstance("Traditional-Simplified");
        Transliterator s2t = Transliterator.getInstance("Simplified-Traditional");
        String version = com.ibm.icu.util.VersionInfo.ICU_VERSION.toString();
        java.util.BitSet traditional = new java.util.BitSet(Character.MAX_CODE_POINT + 1);
        int pairs = 0;
        int skipped = 0;
        Path t2sFile = dir.resolve("t2s.tsv");
        try (Writer out = Files.newBufferedWriter(t2sFile, StandardCharsets.UTF_8)) {
            out.write("# Traditional -> Simplified, generated from ICU4J " + version
                    + " Traditional-Simplified, one code point a side. Do not edit.\n");
            for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
                if (!isHan(cp)) {
                    continue;
                }
                String in = new String(Character.toChars(cp));
                String mapped = t2s.transliterate(in);
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
                "GenerateScriptTables: %d pairs (%d multi-character mappings skipped), %d simplified-only, into %s%n",
                pairs, skipped, simplified, dir);
    }

    private static boolean isHan(int cp) {
        return Character.isValidCodePoint(cp)
                && !(cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)
                && Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }
}
