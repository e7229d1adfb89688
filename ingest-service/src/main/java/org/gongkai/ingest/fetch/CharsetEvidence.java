package org.gongkai.ingest.fetch;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a page's bytes say about its charset, for {@link CharsetDetector}: whether they contradict a declared
 * charset, and which of UTF-8, GB18030 and Big5 they are. Structural evidence first (valid UTF-8, a strict decode
 * in the declared charset), then statistics: ICU4J's {@link com.ibm.icu.text.CharsetDetector} (character
 * frequency recognisers, maintained with ICU) restricted to GB18030 and Big5, the two legacy encodings Chinese
 * pages use, which decode each other's bytes without a single error. Stateless and thread-safe (an ICU detector
 * is made per call).
 */
final class CharsetEvidence {

    /** Bytes of the page the statistical detector reads: enough text to judge, bounded cost on capped pages. */
    static final int SAMPLE_BYTES = 32 * 1024;

    /** ICU confidence (0–100) from which the statistics overrule a declaration. */
    static final int MIN_CONFIDENCE = 50;

    static final Charset GB18030 = Charset.forName("GB18030");
    static final Charset BIG5 = Charset.forName("Big5");

    private CharsetEvidence() {}

    /**
     * Whether the bytes contradict {@code declared}: not {@linkplain CharsetDetector#isMostlyUtf8 mostly} valid
     * UTF-8 when UTF-8 is declared (a few malformed sequences become U+FFFD); otherwise valid UTF-8
     * with non-ASCII text, a strict decode in the declared charset failing, or the statistics naming GB18030 or
     * Big5 with confidence ≥ {@value #MIN_CONFIDENCE} and more confidence than the declared charset gets. Pure
     * ASCII contradicts nothing.
     *
     * @param truncated whether the body was cut at the size cap (a sequence cut at its end is no evidence)
     */
    static boolean contradicts(byte[] body, Charset declared, boolean truncated) {
        return decodeUnlessContradicted(body, declared, truncated) == null;
    }

    /**
     * The page decoded in {@code declared} when its bytes do not {@link #contradicts contradict} it, else null.
     * The strict decode that is part of the evidence is the text returned, so a page is not decoded twice.
     */
    static String decodeUnlessContradicted(byte[] body, Charset declared, boolean truncated) {
        if (isAscii(body)) {
            return new String(body, declared);
        }
        if (declared.equals(StandardCharsets.UTF_8)) {
            return CharsetDetector.isMostlyUtf8(body, truncated) ? new String(body, StandardCharsets.UTF_8) : null;
        }
        if (CharsetDetector.isUtf8(body, truncated)) {
            return null;
        }
        String strict = decodeStrictly(body, declared, truncated);
        if (strict == null) {
            return null;
        }
        Confidence stats = confidence(body);
        Charset likely = stats.likely();
        int best = Math.max(stats.gb18030(), stats.big5());
        if (!likely.equals(declared) && best >= MIN_CONFIDENCE && stats.of(declared) < best) {
            return null;
        }
        // a cut body was checked without its last bytes; its text has them (a half character becomes U+FFFD)
        return truncated ? new String(body, declared) : strict;
    }

    /** UTF-8 when the bytes are (mostly) valid UTF-8, else Big5 when the statistics favour it, else GB18030. */
    static Charset detect(byte[] body, boolean truncated) {
        if (CharsetDetector.isMostlyUtf8(body, truncated)) {
            return StandardCharsets.UTF_8;
        }
        return confidence(body).likely();
    }

    /** ICU's confidence in GB18030 and in Big5 for the start of the page (markup filtered out). */
    record Confidence(int gb18030, int big5) {

        Charset likely() {
            return big5 > gb18030 ? BIG5 : GB18030;
        }

        int of(Charset charset) {
            if (charset.equals(GB18030)) {
                return gb18030;
            }
            return charset.equals(BIG5) ? big5 : 0;
        }
    }

    static Confidence confidence(byte[] body) {
        com.ibm.icu.text.CharsetDetector icu = new com.ibm.icu.text.CharsetDetector();
        for (String name : com.ibm.icu.text.CharsetDetector.getAllDetectableCharsets()) {
            icu.setDetectableCharset(name, name.equals("GB18030") || name.equals("Big5"));
        }
        icu.enableInputFilter(true);
        icu.setText(body.length > SAMPLE_BYTES ? Arrays.copyOf(body, SAMPLE_BYTES) : body);
        int gb = 0;
        int big5 = 0;
        for (com.ibm.icu.text.CharsetMatch match : icu.detectAll()) {
            if (match.getName().equals("GB18030")) {
                gb = Math.max(gb, match.getConfidence());
            } else if (match.getName().equals("Big5")) {
                big5 = Math.max(big5, match.getConfidence());
            }
        }
        return new Confidence(gb, big5);
    }

    /** The text, or null when the bytes are not well-formed in {@code charset}. */
    private static String decodeStrictly(byte[] body, Charset charset, boolean truncated) {
        // the last few bytes of a cut body may be half a character
        int length = truncated ? Math.max(0, body.length - 4) : body.length;
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
