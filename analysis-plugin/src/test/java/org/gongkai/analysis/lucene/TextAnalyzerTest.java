package org.gongkai.analysis.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.gongkai.analysis.fold.TestTexts;
import org.junit.jupiter.api.Test;

/** The index and search analyzers on notice text, and the phrase contract between them. */
class TextAnalyzerTest {

    private static final String TITLE = "国务院办公厅关于印发《新能源汽车产业发展规划（2021—2035年）》的通知";

    private final Analyzer index = new TextAnalyzer(true);
    private final Analyzer search = new TextAnalyzer(false);

    @Test
    void searchAnalyzerGivesBigramsAndLoneCharacters() {
        assertThat(Tokens.of(search, TITLE).terms())
                .containsExactly(
                        "国务", "务院", "院办", "办公", "公厅", "厅关", "关于", "于印", "印发", "新能", "能源", "源汽", "汽车", "车产", "产业", "业发",
                        "发展", "展规", "规划", "2021", "2035", "年", "的通", "通知");
        assertThat(Tokens.of(search, "2024年GDP增长5.2%").tokens())
                .containsExactly(
                        new Tokens.Token("2024", 0, 4, 0, 1),
                        new Tokens.Token("年", 4, 5, 1, 1),
                        new Tokens.Token("gdp", 5, 8, 2, 1),
                        new Tokens.Token("增长", 8, 10, 3, 1),
                        // 增长 is a run of two characters: two positions, as at index time
                        new Tokens.Token("5.2", 10, 13, 5, 1));
    }

    @Test
    void indexAnalyzerAddsUnigramsUnderTheBigrams() {
        assertThat(Tokens.of(index, "国务院通知").tokens())
                .containsExactly(
                        new Tokens.Token("国", 0, 1, 0, 1),
                        new Tokens.Token("国务", 0, 2, 0, 2),
                        new Tokens.Token("务", 1, 2, 1, 1),
                        new Tokens.Token("务院", 1, 3, 1, 2),
                        new Tokens.Token("院", 2, 3, 2, 1),
                        new Tokens.Token("院通", 2, 4, 2, 2),
                        new Tokens.Token("通", 3, 4, 3, 1),
                        new Tokens.Token("通知", 3, 5, 3, 2),
                        new Tokens.Token("知", 4, 5, 4, 1));
        assertThat(Tokens.of(index, "2024年GDP增长5.2%").termPositions())
                .containsExactly("2024@0", "年@1", "gdp@2", "增@3", "增长@3", "长@4", "5.2@5");
    }

    @Test
    void traditionalAndFullWidthTextAnalysesLikeSimplified() {
        String traditional = "國務院辦公廳關於印發《新能源汽車產業發展規劃（２０２１—２０３５年）》的通知";
        assertThat(Tokens.of(search, traditional).terms())
                .isEqualTo(Tokens.of(search, TITLE).terms());
        assertThat(Tokens.of(index, traditional).termPositions())
                .isEqualTo(Tokens.of(index, TITLE).termPositions());
        // offsets point into the Traditional original
        Tokens.Token first = Tokens.of(search, traditional).tokens().get(0);
        assertThat(traditional.substring(first.start(), first.end())).isEqualTo("國務");
    }

    @Test
    void halfWidthKatakanaAndHangulAreBigrammedToo() {
        assertThat(Tokens.of(search, "ｶﾀｶﾅ 한국어").terms()).containsExactly("カタ", "タカ", "カナ", "한국", "국어");
    }

    @Test
    void everyPhraseOfTheTextMatchesItsSearchAnalysisAndOthersDoNot() throws IOException {
        int phrases = 0;
        for (String line : TestTexts.text("notice.txt").lines().toList()) {
            Tokens document = Tokens.of(index, line);
            // phrases of up to six words (a CJK character is a word), across runs, punctuation, Latin and numbers
            List<Tokens.Token> words = words(line);
            for (int first = 0; first < words.size(); first++) {
                for (int last = first; last < Math.min(words.size(), first + 6); last++) {
                    String phrase = line.substring(
                            words.get(first).start(), words.get(last).end());
                    assertThat(phraseMatches(document, Tokens.of(search, phrase)))
                            .as("%s in %s", phrase, line)
                            .isTrue();
                    phrases++;
                }
            }
        }
        assertThat(phrases).isGreaterThan(1000);
        Tokens title = Tokens.of(index, TITLE);
        // the same characters in another order, or split by the 《 of the title, are not the phrase
        assertThat(phraseMatches(title, Tokens.of(search, "院务国"))).isFalse();
        assertThat(phraseMatches(title, Tokens.of(search, "印发新能源"))).isFalse();
        assertThat(phraseMatches(title, Tokens.of(search, "院"))).isTrue();
        assertThat(phraseMatches(title, Tokens.of(search, "税"))).isFalse();
    }

    @Test
    void normalizationFoldsScriptWidthAndCase() {
        assertThat(index.normalize("field", "國務院ＧＤＰ").utf8ToString()).isEqualTo("国务院gdp");
        assertThat(search.normalize("field", "ｶﾀｶﾅ").utf8ToString()).isEqualTo("カタカナ");
    }

    @Test
    void valuesOfAMultiValuedFieldAreFarApart() {
        assertThat(index.getPositionIncrementGap("field")).isEqualTo(100);
    }

    private static List<Tokens.Token> words(String text) throws IOException {
        StandardTokenizer tokenizer = new StandardTokenizer();
        tokenizer.setReader(new StringReader(text));
        try (tokenizer) {
            return Tokens.of(tokenizer).tokens();
        }
    }

    /** Whether a phrase query of the search tokens matches the indexed tokens: all terms at one common shift. */
    static boolean phraseMatches(Tokens document, Tokens query) {
        Set<String> indexed = new HashSet<>(document.termPositions());
        if (query.tokens().isEmpty()) {
            return false;
        }
        int last = document.tokens().isEmpty()
                ? 0
                : document.tokens().get(document.tokens().size() - 1).position();
        for (int shift = 0; shift <= last; shift++) {
            int s = shift;
            if (query.tokens().stream().allMatch(t -> indexed.contains(t.term() + "@" + (t.position() + s)))) {
                return true;
            }
        }
        return false;
    }
}
