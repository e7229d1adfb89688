package org.gongkai.analysis.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.gongkai.analysis.fold.Folding;
import org.gongkai.analysis.fold.ScriptFolding;
import org.junit.jupiter.api.Test;

/** The folding char filter: what it writes and how its offsets map back to the input. */
class FoldingCharFilterTest {

    @Test
    void foldsASampleOfTheTraditionalTable() throws IOException {
        List<String[]> pairs = new ArrayList<>();
        try (InputStream in = ScriptFolding.class.getResourceAsStream(ScriptFolding.T2S_RESOURCE)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.startsWith("#"))
                    .toList();
            assertThat(lines).hasSizeGreaterThan(2500);
            for (int i = 0; i < lines.size(); i += 37) {
                pairs.add(lines.get(i).split("\t"));
            }
        }
        StringBuilder traditional = new StringBuilder();
        StringBuilder simplified = new StringBuilder();
        for (String[] pair : pairs) {
            traditional.append(pair[0]);
            simplified.append(pair[1]);
        }
        assertThat(traditional.toString()).isNotEqualTo(simplified.toString());
        assertThat(read(traditional.toString(), Folding.TEXT)).isEqualTo(simplified.toString());
        assertThat(read("國務院辦公廳關於印發", Folding.TEXT)).isEqualTo("国务院办公厅关于印发");
    }

    @Test
    void foldsWidthsAndTheIdeographicSpace() throws IOException {
        assertThat(read("ＧＤＰ增长５．２％，\u3000２０２４年", Folding.TEXT)).isEqualTo("GDP增长5.2%, 2024年");
        assertThat(read("国办发［２０２４］　１２号", Folding.IDENTIFIER)).isEqualTo("国办发〔2024〕12号");
    }

    @Test
    void oneForOneFoldingKeepsOffsets() throws IOException {
        String text = "國務院　ＧＤＰ增長";
        Tokens tokens = Tokens.of(analyzer(Folding.TEXT, true), text);
        assertThat(tokens.terms()).containsExactly("国", "务", "院", "GDP", "增", "长");
        for (Tokens.Token token : tokens.tokens()) {
            // each token's offsets cover exactly the input it was folded from
            assertThat(Folding.TEXT.fold(text.substring(token.start(), token.end())))
                    .as(token.toString())
                    .isEqualTo(token.term());
        }
        assertThat(tokens.tokens().get(3)).isEqualTo(new Tokens.Token("GDP", 4, 7, 3, 1));
        assertThat(tokens.finalOffset()).isEqualTo(text.length());
    }

    @Test
    void lengthChangesAreCorrectedInOffsets() throws IOException {
        // 㠣 (BMP) folds to U+2BD77 (two chars): everything after it shifts by one in the output
        String text = "㠣 abc";
        Tokens tokens = Tokens.of(analyzer(Folding.TEXT, true), text);
        assertThat(tokens.tokens())
                .containsExactly(new Tokens.Token("\uD86F\uDD77", 0, 1, 0, 1), new Tokens.Token("abc", 2, 5, 1, 1));
        assertThat(tokens.finalOffset()).isEqualTo(text.length());

        // deleted spaces: the identifier token still covers the whole input
        String identifier = " 国办发 ［2024］ 12号";
        Tokens one = Tokens.of(analyzer(Folding.IDENTIFIER, false), identifier);
        assertThat(one.tokens()).containsExactly(new Tokens.Token("国办发〔2024〕12号", 1, identifier.length(), 0, 1));
    }

    @Test
    void surrogatePairsSurviveBufferBoundaries() throws IOException {
        // supplementary characters straddling every possible read boundary, read in odd-sized chunks
        String unit = "a\uD840\uDC00國";
        String text = unit.repeat(700);
        String expected = "a\uD840\uDC00国".repeat(700);
        assertThat(read(text, Folding.TEXT)).isEqualTo(expected);
        try (Reader reader = new FoldingCharFilter(new StringReader(text), Folding.TEXT)) {
            StringBuilder out = new StringBuilder();
            char[] chunk = new char[3];
            for (int n; (n = reader.read(chunk, 0, chunk.length)) != -1; ) {
                out.append(chunk, 0, n);
            }
            assertThat(out.toString()).isEqualTo(expected);
        }
        // a lone surrogate passes through
        assertThat(read("x\uD840", Folding.TEXT)).isEqualTo("x\uD840");
    }

    @Test
    void phrasesFoldAsInEnrichmentAndKeepOffsets() throws IOException {
        String text = "河北省人民政府辦公廳關於同意增設收費站的覆函。乾隆年間，乾燥";
        String folded = read(text, Folding.TEXT);
        assertThat(folded)
                .isEqualTo("河北省人民政府办公厅关于同意增设收费站的复函。乾隆年间,干燥")
                .isEqualTo(Folding.TEXT.fold(text))
                .isEqualTo(ScriptFolding.standard().fold(text).replace('，', ','));
        Tokens tokens = Tokens.of(analyzer(Folding.TEXT, true), text);
        assertThat(tokens.terms()).contains("复", "函", "乾", "隆", "干", "燥");
        for (Tokens.Token token : tokens.tokens()) {
            assertThat(Folding.TEXT.fold(text).substring(token.start(), token.end()))
                    .as(token.toString())
                    .isEqualTo(token.term());
        }
        assertThat(tokens.finalOffset()).isEqualTo(text.length());
        assertThat(read("國辦發〔2024〕覆函 12號", Folding.IDENTIFIER)).isEqualTo("国办发〔2024〕复函12号");
    }

    @Test
    void aPhraseWithASupplementaryTargetCorrectsOffsets() throws IOException {
        // 團圞 → 团 U+2A8AE: the output grows by one char, offsets after it map back
        String text = "骨肉團圞 abc";
        Tokens tokens = Tokens.of(analyzer(Folding.TEXT, true), text);
        assertThat(tokens.terms()).containsExactly("骨", "肉", "团", "\uD86A\uDCAE", "abc");
        assertThat(tokens.tokens().get(3)).isEqualTo(new Tokens.Token("\uD86A\uDCAE", 3, 4, 3, 1));
        assertThat(tokens.tokens().get(4)).isEqualTo(new Tokens.Token("abc", 5, 8, 4, 1));
        assertThat(tokens.finalOffset()).isEqualTo(text.length());
    }

    @Test
    void phrasesSurviveBufferBoundaries() throws IOException {
        // a phrase at every offset against the 1024-char buffer and 3-char reads
        String unit = "國乾隆年間覆函x\uD840\uDC00";
        String text = unit.repeat(300);
        String expected = ScriptFolding.standard().fold(text);
        assertThat(expected).contains("乾隆年间复函").doesNotContain("覆函");
        assertThat(read(text, Folding.TEXT)).isEqualTo(expected);
        try (Reader reader = new FoldingCharFilter(new StringReader(text), Folding.TEXT)) {
            StringBuilder out = new StringBuilder();
            char[] chunk = new char[3];
            for (int n; (n = reader.read(chunk, 0, chunk.length)) != -1; ) {
                out.append(chunk, 0, n);
            }
            assertThat(out.toString()).isEqualTo(expected);
        }
        // a phrase cut by the end of the input is no phrase
        assertThat(read("乾隆年", Folding.TEXT)).isEqualTo(ScriptFolding.standard().fold("乾隆年"));
    }

    @Test
    void emptyAndAllDeletedInputs() throws IOException {
        assertThat(read("", Folding.TEXT)).isEmpty();
        assertThat(read(" \u3000\u00a0\t", Folding.IDENTIFIER)).isEmpty();
    }

    private static String read(String text, Folding folding) throws IOException {
        try (CharFilter filter = new FoldingCharFilter(new StringReader(text), folding)) {
            StringBuilder out = new StringBuilder();
            char[] buffer = new char[100];
            for (int n; (n = filter.read(buffer, 0, buffer.length)) != -1; ) {
                out.append(buffer, 0, n);
            }
            return out.toString();
        }
    }

    /** The char filter in front of a standard (or keyword) tokenizer, nothing else. */
    private static Analyzer analyzer(Folding folding, boolean standard) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                return new TokenStreamComponents(standard ? new StandardTokenizer() : new KeywordTokenizer());
            }

            @Override
            protected Reader initReader(String fieldName, Reader reader) {
                return new FoldingCharFilter(reader, folding);
            }
        };
    }
}
