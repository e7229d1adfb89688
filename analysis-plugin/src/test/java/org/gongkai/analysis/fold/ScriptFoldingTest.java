package org.gongkai.analysis.fold;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.Transliterator;
import java.util.ArrayList;
import java.util.List;
import org.gongkai.analysis.fold.ScriptFolding.Script;
import org.junit.jupiter.api.Test;

/** The generated table against ICU4J itself, and script detection. */
class ScriptFoldingTest {

    private static final Transliterator T2S = Transliterator.getInstance("Traditional-Simplified");
    private static final Transliterator S2T = Transliterator.getInstance("Simplified-Traditional");
    private final ScriptFolding folding = ScriptFolding.standard();

    @Test
    void everyHanCodePointFoldsAsIcuDoes() {
        List<String> mismatches = new ArrayList<>();
        int traditional = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.getType(cp) == Character.SURROGATE
                    || Character.UnicodeScript.of(cp) != Character.UnicodeScript.HAN) {
                continue;
            }
            String in = new String(Character.toChars(cp));
            String icu = T2S.transliterate(in);
            String ours = folding.fold(in);
            if (!icu.equals(ours)) {
                mismatches.add(in + " ICU " + icu + " table " + ours);
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
    void wholeTextsFoldAsIcuDoes() {
        // ICU phrase rules, if Hant-Hans ever gets some, would show up here and not in the per-character test
        String traditional = TestTexts.text("traditional-notice.txt");
        assertThat(folding.traditionalCount(traditional)).isGreaterThan(50);
        assertThat(folding.fold(traditional)).isEqualTo(T2S.transliterate(traditional));
        String mirrored = S2T.transliterate(TestTexts.text("notice.txt"));
        assertThat(folding.fold(mirrored)).isEqualTo(T2S.transliterate(mirrored));
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
