package org.gongkai.analysis.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import com.ibm.icu.text.Transliterator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gongkai.analysis.fold.ScriptFolding.Script;
import org.junit.jupiter.api.Test;

/** The generated tables against ICU4J and OpenCC themselves, phrases in context, and script detection. */
class ScriptFoldingTest {

    private static final Transliterator T2S = Transliterator.getInstance("Traditional-Simplified");
    private static final Transliterator S2T = Transliterator.getInstance("Simplified-Traditional");
    private final ScriptFolding folding = ScriptFolding.standard();

    /** OpenCC's TSCharacters entries with one candidate: those decide a character's folding. */
    private static java.util.Map<Integer, Integer> openccSingleCandidates() throws IOException {
        java.util.Map<Integer, Integer> map = new java.util.HashMap<>();
        try (InputStream in = ZhConverterUtil.class.getResourceAsStream("/data/dictionary/TSCharacters.txt")) {
            assertThat(in).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList()) {
                String[] pair = line.split("\t");
                String[] candidates = pair[1].strip().split(" ");
                if (candidates.length == 1 && pair[0].codePointCount(0, pair[0].length()) == 1) {
                    map.put(pair[0].codePointAt(0), candidates[0].codePointAt(0));
                }
            }
        }
        return map;
    }

    /** The reference for one character: OpenCC where it has one candidate, else ICU. */
    private static String reference(java.util.Map<Integer, Integer> opencc, int cp) {
        Integer decided = opencc.get(cp);
        if (decided != null && Character.UnicodeScript.of(decided) == Character.UnicodeScript.HAN) {
            return new String(Character.toChars(decided));
        }
        String in = new String(Character.toChars(cp));
        String icu = T2S.transliterate(in);
        return icu.codePointCount(0, icu.length()) == 1 ? icu : in;
    }

    @Test
    void everyHanCodePointFoldsAsOpenCcsSingleCandidateElseAsIcu() throws IOException {
        java.util.Map<Integer, Integer> opencc = openccSingleCandidates();
        List<String> mismatches = new ArrayList<>();
        int traditional = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.getType(cp) == Character.SURROGATE
                    || Character.UnicodeScript.of(cp) != Character.UnicodeScript.HAN) {
                continue;
            }
            String in = new String(Character.toChars(cp));
            String expected = reference(opencc, cp);
            String ours = folding.foldCharacters(in);
            if (!expected.equals(ours)) {
                mismatches.add(in + " expected " + expected + " table " + ours);
            }
            if (folding.isTraditional(cp)) {
                traditional++;
                assertThat(folding.isSimplified(cp)).as("%s both", in).isFalse();
            }
            if (folding.isSimplified(cp)) {
                assertThat(S2T.transliterate(in)).as("%s simplified-only", in).isNotEqualTo(in);
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(traditional).isEqualTo(folding.size()).isGreaterThan(2500);
    }

    @Test
    void charactersIcuFoldsWronglyFollowOpenCc() {
        // 著 is standard Simplified (显著, 著作): ICU folds it to 着; OpenCC keeps it
        assertThat(folding.fold("顯著成效，著作權")).isEqualTo("显著成效，著作权");
        // variants ICU leaves alone: 峯 (错峰), 嶽 (山岳)
        assertThat(folding.fold("錯峯出行，五嶽")).isEqualTo("错峰出行，五岳");
        // ICU gives an extension-B form for 噁; OpenCC the common one
        assertThat(folding.fold("噁心")).isEqualTo("恶心");
    }

    @Test
    void wholeTextsFoldCharacterByCharacterAsTheReferenceDoes() throws IOException {
        // ICU phrase rules, if Hant-Hans ever gets some, would show up here and not in the per-character test
        java.util.Map<Integer, Integer> opencc = openccSingleCandidates();
        String traditional = TestTexts.text("traditional-notice.txt");
        assertThat(folding.traditionalCount(traditional)).isGreaterThan(50);
        assertThat(folding.foldCharacters(traditional)).isEqualTo(referenceText(opencc, traditional));
        String mirrored = S2T.transliterate(TestTexts.text("notice.txt"));
        assertThat(folding.foldCharacters(mirrored)).isEqualTo(referenceText(opencc, mirrored));
        // these texts hold no phrase whose reading differs from the character table's
        assertThat(folding.fold(traditional)).isEqualTo(folding.foldCharacters(traditional));
    }

    private static String referenceText(java.util.Map<Integer, Integer> opencc, String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints()
                .forEach(cp -> out.append(
                        Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
                                ? reference(opencc, cp)
                                : new String(Character.toChars(cp))));
        return out.toString();
    }

    @Test
    void aReplyIsFoldedAsAPhraseInContext() {
        // real title (Hebei provincial government office), as OpenCC's Simplified-Traditional writes it
        String mirrored = "河北省人民政府辦公廳關於同意沿海高速公路增設歧口收費站的覆函";
        assertThat(folding.foldCharacters(mirrored)).isEqualTo("河北省人民政府办公厅关于同意沿海高速公路增设歧口收费站的覆函");
        assertThat(folding.fold(mirrored)).isEqualTo("河北省人民政府办公厅关于同意沿海高速公路增设歧口收费站的复函");
        assertThat(folding.fold("國務院關於同意設立的批覆，請答覆")).isEqualTo("国务院关于同意设立的批复，请答复");
        // 覆 meaning cover or overturn stays: the phrase table holds only the reviewed reply readings
        assertThat(folding.fold("實現全覆蓋，覆蓋率達到百分之九十，防止顛覆")).isEqualTo("实现全覆盖，覆盖率达到百分之九十，防止颠覆");
    }

    @Test
    void theSimplifiedFormDependsOnThePhrase() {
        assertThat(folding.fold("乾隆年間")).isEqualTo("乾隆年间");
        assertThat(folding.fold("乾燥")).isEqualTo("干燥");
        assertThat(folding.fold("乾隆皇帝喜歡乾燥的天氣")).isEqualTo("乾隆皇帝喜欢干燥的天气");
        assertThat(folding.foldCharacters("乾隆")).isEqualTo("干隆");
        assertThat(folding.fold("頭髮")).isEqualTo("头发");
        assertThat(folding.fold("發展")).isEqualTo("发展");
        assertThat(folding.fold("一碗麪")).isEqualTo("一碗面"); // a character ICU leaves, OpenCC folds
        // longest match: 乾坤大挪移 over 乾坤
        assertThat(folding.fold("乾坤大挪移")).isEqualTo("乾坤大挪移");
    }

    @Test
    void everyPhraseOfOpenCcsTraditionalToSimplifiedDictionaryFoldsAsOpenCcSays() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int phrases = 0;
        try (InputStream in = ZhConverterUtil.class.getResourceAsStream("/data/dictionary/TSPhrases.txt")) {
            assertThat(in).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList()) {
                String[] pair = line.split("\t");
                String expected = pair[1].split(" ")[0];
                phrases++;
                if (!folding.fold(pair[0]).equals(expected)) {
                    mismatches.add(pair[0] + " OpenCC " + expected + " ours " + folding.fold(pair[0]));
                }
            }
        }
        assertThat(phrases).isGreaterThan(200);
        assertThat(mismatches).isEmpty();
        assertThat(folding.phrases().size()).isGreaterThan(phrases);
    }

    @Test
    void phraseTablesAreCheckedWhenLoaded() {
        byte[] empty = new byte[0];
        assertThatThrownBy(() -> ScriptFolding.load(
                        new ByteArrayInputStream(empty),
                        new ByteArrayInputStream(empty),
                        new ByteArrayInputStream("頭髮\t头\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("頭髮");
    }

    @Test
    void phrasesWithSupplementaryTargetsAndLookupBounds() throws IOException {
        ScriptFolding small = ScriptFolding.load(
                new ByteArrayInputStream(new byte[0]),
                new ByteArrayInputStream(new byte[0]),
                new ByteArrayInputStream("團圞\t团\uD86A\uDCAE\n團圞圞\t圞圞圞\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(small.fold("骨肉團圞。")).isEqualTo("骨肉团\uD86A\uDCAE。");
        assertThat(small.fold("團圞圞")).isEqualTo("圞圞圞");
        assertThat(small.fold("團")).isEqualTo("團");
        PhraseTable phrases = small.phrases();
        assertThat(phrases.match("團圞圞", 0, 2)).isGreaterThanOrEqualTo(0);
        assertThat(phrases.length(phrases.match("團圞圞", 0, 2))).isEqualTo(2);
        assertThat(phrases.match("團圞圞", 0, 1)).isEqualTo(-1);
        assertThat(phrases.maxLength()).isEqualTo(3);
    }

    @Test
    void simplifiedTextWithAPhraseStarterIsLeftAlone() {
        String simplified = "关于同意建立部际联席会议制度的复函，乾坤未定";
        assertThat(folding.fold(simplified)).isSameAs(simplified);
    }

    @Test
    void foldsBmpAndSupplementaryCharactersAndLeavesTheRest() {
        assertThat(folding.fold("發布機構")).isEqualTo("发布机构");
        assertThat(folding.fold("南昌市東湖區退役軍人事務局")).isEqualTo("南昌市东湖区退役军人事务局");
        assertThat(folding.fold("索引號ncsdhqtyjrswj--2023-0013，ＡＢＣ")).isEqualTo("索引号ncsdhqtyjrswj--2023-0013，ＡＢＣ");
        // a BMP Traditional character whose Simplified form is outside the BMP
        assertThat(folding.fold("㠣")).isEqualTo(T2S.transliterate("㠣")).isEqualTo("\uD86F\uDD77");
        assertThat(folding.fold((String) null)).isNull();
    }

    @Test
    void textWithoutTraditionalCharactersIsNotCopied() {
        String simplified = "南昌市东湖区退役军人事务局关于印发2023年工作要点的通知";
        assertThat(folding.fold(simplified)).isSameAs(simplified);
    }

    @Test
    void countsAndDetectsTheScript() {
        assertThat(folding.traditionalCount("南昌市東湖區退役軍人事務局")).isEqualTo(4);
        assertThat(folding.traditionalCount("南昌市东湖区退役军人事务局")).isZero();
        assertThat(folding.simplifiedCount("南昌市东湖区退役军人事务局")).isEqualTo(4);
        assertThat(folding.detect(TestTexts.text("traditional-notice.txt"))).isEqualTo(Script.TRADITIONAL);
        assertThat(folding.detect("南昌市东湖区退役军人事务局关于印发工作要点的通知")).isEqualTo(Script.SIMPLIFIED);
        assertThat(folding.detect("南昌市東湖區退役軍人事務局关于印发东湖区工作要点的通知")).isEqualTo(Script.MIXED);
        assertThat(folding.detect("2023 annual report")).isEqualTo(Script.SIMPLIFIED);
        // two stray Traditional forms in a Simplified text are no evidence
        assertThat(folding.detect("乾隆年间的显著变化")).isEqualTo(Script.SIMPLIFIED);
    }
}
