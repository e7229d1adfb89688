package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Declarations that the bytes contradict (issue 12, item 4), on real notice text: the 44 real notices of
 * {@code real-notices/sample.jsonl} (Simplified) and the seed without its pinyin glosses (Traditional, the script
 * Big5 pages are written in).
 */
class ContradictedCharsetTest {

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final Charset BIG5 = Charset.forName("Big5");
    /** The seed's text in Traditional script, glosses removed (their tone letters are not in Big5). */
    private static final String SEED = resource("seed/000_dfb611d724c5a3ca.txt")
            .replaceAll("\\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\\)", "")
            .replace("?zhèn)鬟_(dá)", "傳達")
            .replace("?xùn)|", "動東");

    /** The seed as far as Big5 can write it (the JVM's Big5 table lacks a few characters). */
    private static final String SEED_IN_BIG5 = new String(SEED.getBytes(BIG5), BIG5);

    private final CharsetDetector detector = new CharsetDetector();

    static List<String> realNotices() {
        JsonMapper json = JsonMapper.builder().build();
        return resource("real-notices/sample.jsonl")
                .lines()
                .filter(l -> !l.isBlank())
                .map(l -> json.readTree(l))
                .map(n -> n.path("title").asString() + "\n" + n.path("body").asString())
                .toList();
    }

    private static byte[] page(String text, Charset charset) {
        return ("<html><head><title>信息公開</title></head><body><div class=\"TRS_Editor\">" + text
                        + "</div></body></html>")
                .getBytes(charset);
    }

    @ParameterizedTest
    @MethodSource("realNotices")
    void gb18030BytesServedAsUtf8AreDetectedAndReadRight(String notice) {
        CharsetDetector.Decoded decoded = detector.decode(page(notice, GB18030), "utf-8", null, false);

        assertThat(decoded.charset()).isEqualTo(GB18030);
        assertThat(decoded.source()).isEqualTo(CharsetSource.DETECTED);
        assertThat(decoded.text()).contains(notice);
    }

    @ParameterizedTest
    @MethodSource("realNotices")
    void utf8BytesServedAsGbkAreReadAsUtf8(String notice) {
        CharsetDetector.Decoded decoded = detector.decode(page(notice, StandardCharsets.UTF_8), "gbk", null, false);

        assertThat(decoded.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(decoded.source()).isEqualTo(CharsetSource.DETECTED);
        assertThat(decoded.text()).contains(notice);
    }

    @ParameterizedTest
    @MethodSource("realNotices")
    void aRightGbDeclarationIsKept(String notice) {
        CharsetDetector.Decoded decoded = detector.decode(page(notice, GB18030), "GB2312", null, false);

        assertThat(decoded.source()).isEqualTo(CharsetSource.HEADER);
        assertThat(decoded.text()).contains(notice);
    }

    @Test
    void undeclaredBig5IsDetected() {
        CharsetDetector.Decoded decoded = detector.decode(page(SEED, BIG5), null, null, false);

        assertThat(decoded.charset()).isEqualTo(BIG5);
        assertThat(decoded.source()).isEqualTo(CharsetSource.DETECTED);
        assertThat(decoded.text()).contains(SEED_IN_BIG5);
    }

    @Test
    void big5DeclaredAsGb2312InMetaIsDetected() {
        byte[] page =
                ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>"
                                + SEED + "</body></html>")
                        .getBytes(BIG5);

        CharsetDetector.Decoded decoded = detector.decode(page, null, null, false);

        assertThat(decoded.charset()).isEqualTo(BIG5);
        assertThat(decoded.source()).isEqualTo(CharsetSource.DETECTED);
        assertThat(decoded.text()).contains(SEED_IN_BIG5);
    }

    @Test
    void aLyingHeaderFallsBackToATruthfulMeta() {
        byte[] page = ("<html><head><meta charset=\"big5\"></head><body>" + SEED + "</body></html>").getBytes(BIG5);

        CharsetDetector.Decoded decoded = detector.decode(page, "utf-8", null, false);

        assertThat(decoded.charset()).isEqualTo(BIG5);
        assertThat(decoded.source()).isEqualTo(CharsetSource.META);
    }

    @Test
    void rightBig5AndTraditionalGb18030DeclarationsAreKept() {
        assertThat(detector.decode(page(SEED, BIG5), "big5", null, false).source())
                .isEqualTo(CharsetSource.HEADER);
        CharsetDetector.Decoded gb = detector.decode(page(SEED, GB18030), "gb18030", null, false);
        assertThat(gb.source()).isEqualTo(CharsetSource.HEADER);
        assertThat(gb.text()).contains(SEED);
    }

    @Test
    void asciiContradictsNoDeclaration() {
        byte[] page = "<html><body>notice 2023-0013</body></html>".getBytes(StandardCharsets.US_ASCII);

        assertThat(detector.decode(page, "gbk", null, false).source()).isEqualTo(CharsetSource.HEADER);
        assertThat(detector.decode(page, "utf-8", null, false).source()).isEqualTo(CharsetSource.HEADER);
    }

    @Test
    void theSiteOverrideIsTrustedEvenWhenTheBytesDisagree() {
        CharsetDetector.Decoded decoded = detector.decode(page(SEED, BIG5), null, GB18030, false);

        assertThat(decoded.source()).isEqualTo(CharsetSource.OVERRIDE);
    }

    private static String resource(String name) {
        try (InputStream in = ContradictedCharsetTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
