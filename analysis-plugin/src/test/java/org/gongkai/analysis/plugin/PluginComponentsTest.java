package org.gongkai.analysis.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.gongkai.analysis.lucene.Tokens;
import org.junit.jupiter.api.Test;

/** Each component as Elasticsearch uses it: create (and normalize) on its own, chained as a custom analyzer would. */
class PluginComponentsTest {

    @Test
    void cjkBigramsWithoutUnigrams() throws IOException {
        Tokens tokens = Tokens.of(bigrams(false).create(standard("退役军人事务局 税")));
        assertThat(tokens.tokens())
                .containsExactly(
                        new Tokens.Token("退役", 0, 2, 0, 1),
                        new Tokens.Token("役军", 1, 3, 1, 1),
                        new Tokens.Token("军人", 2, 4, 2, 1),
                        new Tokens.Token("人事", 3, 5, 3, 1),
                        new Tokens.Token("事务", 4, 6, 4, 1),
                        new Tokens.Token("务局", 5, 7, 5, 1),
                        // the run 退役军人事务局 keeps one position per character
                        new Tokens.Token("税", 8, 9, 7, 1));
    }

    @Test
    void cjkBigramsWithUnigrams() throws IOException {
        Tokens tokens = Tokens.of(bigrams(true).create(standard("军人 税")));
        assertThat(tokens.tokens())
                .containsExactly(
                        new Tokens.Token("军", 0, 1, 0, 1),
                        new Tokens.Token("军人", 0, 2, 0, 2),
                        new Tokens.Token("人", 1, 2, 1, 1),
                        new Tokens.Token("税", 3, 4, 2, 1));
        // bigram filtering is not a normalization
        assertThat(Tokens.of(bigrams(true).normalize(standard("军人"))).terms()).containsExactly("军", "人");
    }

    @Test
    void foldCharFilterCreatesAndNormalizes() throws IOException {
        FoldCharFilterFactory fold = new FoldCharFilterFactory();
        assertThat(read(fold.create(new StringReader("國務院ＧＤＰ\u3000")))).isEqualTo("国务院GDP ");
        assertThat(read(fold.normalize(new StringReader("國務院ＧＤＰ")))).isEqualTo("国务院GDP");
    }

    @Test
    void identifierFoldCharFilterCreatesAndNormalizes() throws IOException {
        IdentifierFoldCharFilterFactory fold = new IdentifierFoldCharFilterFactory();
        assertThat(read(fold.create(new StringReader("國辦發 【2024】 12號")))).isEqualTo("国办发〔2024〕12号");
        assertThat(read(fold.normalize(new StringReader("国办发[2024]12号")))).isEqualTo("国办发〔2024〕12号");
    }

    @Test
    void lowercaseAndKeywordTokenizer() throws IOException {
        Tokenizer keyword = new KeywordTokenizerFactory().create();
        keyword.setReader(new StringReader("GDP 增长 5.2%"));
        LowercaseTokenFilterFactory lowercase = new LowercaseTokenFilterFactory();
        assertThat(Tokens.of(lowercase.create(keyword)).terms()).containsExactly("gdp 增长 5.2%");
        assertThat(Tokens.of(lowercase.normalize(standard("ABC"))).terms()).containsExactly("abc");
    }

    @Test
    void analyzerFactoriesMakeTheThreeAnalyzers() {
        Analyzer index = new TextIndexAnalyzerFactory().create();
        Analyzer search = new TextSearchAnalyzerFactory().create();
        Analyzer identifier = new IdentifierAnalyzerFactory().create();
        assertThat(Tokens.of(index, "國務院").terms()).containsExactly("国", "国务", "务", "务院", "院");
        assertThat(Tokens.of(search, "國務院").terms()).containsExactly("国务", "务院");
        assertThat(Tokens.of(identifier, "國辦發（2024）12號").terms()).containsExactly("国办发〔2024〕12号");
    }

    private static CjkBigramTokenFilterFactory bigrams(boolean unigrams) {
        return new CjkBigramTokenFilterFactory(() -> unigrams);
    }

    private static TokenStream standard(String text) {
        StandardTokenizer tokenizer = new StandardTokenizer();
        tokenizer.setReader(new StringReader(text));
        return tokenizer;
    }

    private static String read(Reader reader) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[64];
        for (int n; (n = reader.read(buffer, 0, buffer.length)) != -1; ) {
            out.append(buffer, 0, n);
        }
        reader.close();
        return out.toString();
    }
}
