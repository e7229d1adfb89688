package org.gongkai.analysis.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.gongkai.analysis.fold.Folding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/**
 * The char filter's fast path changes nothing: over the real notices (as they are, converted to Traditional with
 * OpenCC, and with ASCII in full width) and edge cases, {@link FoldingCharFilter} writes the same chars and maps
 * every offset as {@link LegacyFoldingCharFilter} (the code-point path alone, as before), and every analyzer gives
 * the same tokens (term, offsets, position increment, position length, type, final offset).
 */
class FoldingEquivalenceTest {

    private static final Path NOTICES =
            Path.of(System.getProperty("gongkai.notices", "../../shared/data/real-notices/notices.jsonl"));

    private static List<String> texts;

    @BeforeAll
    static void readNotices() throws IOException {
        assertThat(NOTICES)
                .as("the real notices (../shared from the repository root)")
                .exists();
        ObjectMapper json = new ObjectMapper();
        List<String> simplified = new ArrayList<>();
        for (String line : Files.readAllLines(NOTICES, StandardCharsets.UTF_8)) {
            var node = json.readTree(line);
            simplified.add(node.path("title").asString(""));
            simplified.add(node.path("body").asString(""));
            simplified.add(node.path("publisher").asString(""));
        }
        assertThat(simplified).hasSizeGreaterThanOrEqualTo(3 * 337);
        List<String> all = new ArrayList<>(simplified);
        for (String text : simplified) {
            all.add(ZhConverterUtil.toTraditional(text)); // phrases (覆函, 乾隆 …) and Traditional characters
            all.add(fullWidth(text));
        }
        all.addAll(List.of(
                "",
                "a",
                "覆函",
                "乾",
                "國辦發【2024】１２號　 批覆",
                "團圞 團圞團圞", // a phrase whose target is supplementary: a change of length
                "\ud800 lone \udc00 surrogates \ud83d",
                "𠀀𡃁 supplementary 𪢮 and \uffff \u00a0 spaces\u3000\t\n",
                "ﾊﾞﾝｸ ｶﾞｲﾄﾞ half-width katakana, 한국어 Hangul, ひらがな"));
        texts = all;
    }

    @Test
    void theCharFilterWritesTheSameCharsAndOffsetsAsTheCodePointPath() throws IOException {
        int compared = 0;
        for (Folding folding : Folding.values()) {
            for (String text : texts) {
                for (int chunk : new int[] {1, 7, 4096}) {
                    CharFilter expected = new LegacyFoldingCharFilter(new StringReader(text), folding);
                    CharFilter actual = new FoldingCharFilter(new StringReader(text), folding);
                    String out = readAll(expected, chunk);
                    assertThat(readAll(actual, chunk)).isEqualTo(out);
                    for (int i = 0; i <= out.length(); i++) {
                        assertThat(actual.correctOffset(i))
                                .as("offset %d of %s", i, folding)
                                .isEqualTo(expected.correctOffset(i));
                    }
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(6 * 3 * 337);
    }

    @Test
    void theTextIndexAnalyzerGivesTheSameTokens() {
        assertSameTokens(new TextAnalyzer(true), oracle(LegacyFoldingCharFilter::new, Folding.TEXT, true), 1_000_000);
    }

    @Test
    void theTextSearchAnalyzerGivesTheSameTokens() {
        assertSameTokens(new TextAnalyzer(false), oracle(LegacyFoldingCharFilter::new, Folding.TEXT, false), 500_000);
    }

    @Test
    void theIdentifierAnalyzerGivesTheSameTokens() {
        // one token a text: the whole folded text
        assertSameTokens(
                new IdentifierAnalyzer(), oracle(LegacyFoldingCharFilter::new, Folding.IDENTIFIER, null), 3 * 337);
    }

    @Test
    void theOracleItselfTellsAChangedChainApart() {
        // guards the comparison: an oracle without folding must differ on Traditional text
        Analyzer unfolded = oracle((reader, folding) -> reader, Folding.TEXT, true);
        assertThat(tokens(unfolded, "國務院辦公廳")).isNotEqualTo(tokens(new TextAnalyzer(true), "國務院辦公廳"));
    }

    private static void assertSameTokens(Analyzer actual, Analyzer expected, long atLeast) {
        long tokens = 0;
        for (String text : texts) {
            List<String> want = tokens(expected, text);
            assertThat(tokens(actual, text)).isEqualTo(want);
            tokens += want.size() - 1;
        }
        assertThat(tokens).isGreaterThan(atLeast);
    }

    /** The analyzers' chains as in {@link TextAnalyzer} / {@link IdentifierAnalyzer}, with another char filter. */
    private static Analyzer oracle(BiFunction<Reader, Folding, Reader> charFilter, Folding folding, Boolean unigrams) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                if (unigrams == null) {
                    KeywordTokenizer source = new KeywordTokenizer();
                    return new TokenStreamComponents(source, new LowerCaseFilter(source));
                }
                StandardTokenizer source = new StandardTokenizer();
                TokenStream stream = new LowerCaseFilter(new CJKWidthFilter(source));
                return new TokenStreamComponents(source, CjkBigrams.filter(stream, unigrams));
            }

            @Override
            protected Reader initReader(String fieldName, Reader reader) {
                return charFilter.apply(reader, folding);
            }
        };
    }

    /** Every attribute the index sees, one string per token, then the final offset. */
    private static List<String> tokens(Analyzer analyzer, String text) {
        try (TokenStream stream = analyzer.tokenStream("field", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            PositionLengthAttribute length = stream.addAttribute(PositionLengthAttribute.class);
            TypeAttribute type = stream.addAttribute(TypeAttribute.class);
            List<String> out = new ArrayList<>();
            stream.reset();
            while (stream.incrementToken()) {
                out.add(term + " " + offset.startOffset() + "-" + offset.endOffset() + " +"
                        + increment.getPositionIncrement() + " /" + length.getPositionLength() + " " + type.type());
            }
            stream.end();
            out.add("end " + offset.endOffset() + " +" + increment.getPositionIncrement());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(Reader reader, int chunk) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[chunk];
        for (int n; (n = reader.read(buffer, 0, chunk)) >= 0; ) {
            out.append(buffer, 0, n);
        }
        return out.toString();
    }

    private static String fullWidth(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars()
                .forEach(c -> out.append(c == ' ' ? '\u3000' : c > ' ' && c < 0x7F ? (char) (c + 0xFEE0) : (char) c));
        return out.toString();
    }
}
