package org.gongkai.analysis.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;

/** A token stream read out into values, for assertions (the JUnit 5 stand-in for BaseTokenStreamTestCase). */
public record Tokens(List<Token> tokens, int finalOffset) {

    /** One token: term, offsets into the original text, absolute position, position length. */
    public record Token(String term, int start, int end, int position, int positionLength) {
        @Override
        public String toString() {
            return term + "@" + position + (positionLength == 1 ? "" : "+" + positionLength) + "[" + start + "," + end
                    + ")";
        }
    }

    public static Tokens of(Analyzer analyzer, String text) {
        try (TokenStream stream = analyzer.tokenStream("field", text)) {
            return of(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Consumes a stream (reset, incrementToken until false, end), checking the stream contract on the way. */
    public static Tokens of(TokenStream stream) throws IOException {
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
        PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
        PositionLengthAttribute length = stream.addAttribute(PositionLengthAttribute.class);
        List<Token> tokens = new ArrayList<>();
        stream.reset();
        int position = -1;
        int lastStart = 0;
        while (stream.incrementToken()) {
            position += increment.getPositionIncrement();
            if (position < 0 || offset.startOffset() < lastStart || offset.endOffset() < offset.startOffset()) {
                throw new AssertionError("bad token " + term + " at " + position + " " + offset.startOffset() + ","
                        + offset.endOffset() + " after start " + lastStart);
            }
            lastStart = offset.startOffset();
            tokens.add(new Token(
                    term.toString(), offset.startOffset(), offset.endOffset(), position, length.getPositionLength()));
        }
        stream.end();
        return new Tokens(List.copyOf(tokens), offset.endOffset());
    }

    public List<String> terms() {
        return tokens.stream().map(Token::term).toList();
    }

    /** The terms as {@code term@position}, for comparing the index and search chains. */
    public List<String> termPositions() {
        return tokens.stream().map(t -> t.term() + "@" + t.position()).toList();
    }
}
