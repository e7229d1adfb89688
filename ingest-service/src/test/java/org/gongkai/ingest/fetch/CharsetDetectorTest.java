package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CharsetDetectorTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final String TEXT = "索引号：ncsdhqwsjkw/2023-00112 发布机构：东湖区卫生健康委员会";

    private final CharsetDetector detector = new CharsetDetector();

    @Test
    void gbkPageWithoutAnyDeclarationIsDetectedAsGb18030() {
        byte[] page = ("<html><head><title>公告</title></head><body>" + TEXT + "</body></html>").getBytes(GBK);

        CharsetDetector.Decoded decoded = detector.decode(page, null, null, false);

        assertThat(decoded.charset()).isEqualTo(GB18030);
        assertThat(decoded.source()).isEqualTo(CharsetSource.DETECTED);
        assertThat(decoded.text()).contains(TEXT);
    }

    @Test
    void utf8PageWithoutDeclarationIsDetectedAsUtf8() {
        byte[] page = ("<html><body>" + TEXT + "</body></html>").getBytes(StandardCharsets.UTF_8);

        CharsetDetector.Decoded decoded = detector.decode(page, null, null, false);

        assertThat(decoded.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(decoded.source()).isEqualTo(CharsetSource.DETECTED);
        assertThat(decoded.text()).contains(TEXT);
    }

    @Test
    void headerWinsOverAWrongMetaDeclaration() {
        byte[] page = ("<html><head><meta charset=\"utf-8\"></head><body>" + TEXT + "</body></html>").getBytes(GBK);

        CharsetDetector.Decoded decoded = detector.decode(page, "GBK", null, false);

        assertThat(decoded.charset()).isEqualTo(GB18030);
        assertThat(decoded.source()).isEqualTo(CharsetSource.HEADER);
        assertThat(decoded.text()).contains(TEXT);
    }

    @Test
    void metaDeclarationIsUsedWithoutHeaderCharsetAndGb2312IsReadAsGb18030() {
        // 镕 is outside GB2312: servers that declare gb2312 send such characters anyway.
        String text = TEXT + " 朱镕基";
        byte[] page = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
                        + "</head><body>" + text + "</body></html>")
                .getBytes(GB18030);

        CharsetDetector.Decoded decoded = detector.decode(page, null, null, false);

        assertThat(decoded.charset()).isEqualTo(GB18030);
        assertThat(decoded.source()).isEqualTo(CharsetSource.META);
        assertThat(decoded.text()).contains(text);
    }

    @Test
    void html5MetaCharsetIsFound() {
        byte[] page =
                ("<!DOCTYPE html><html><head><META CHARSET='GBK'><title>t</title></head><body>" + TEXT).getBytes(GBK);

        CharsetDetector.Decoded decoded = detector.decode(page, null, null, false);

        assertThat(decoded.source()).isEqualTo(CharsetSource.META);
        assertThat(decoded.text()).contains(TEXT);
    }

    @Test
    void metaInsideACommentIsIgnored() {
        byte[] page = ("<html><head><!-- <meta charset=\"big5\"> --></head><body>" + TEXT + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);

        CharsetDetector.Decoded decoded = detector.decode(page, null, null, false);

        assertThat(decoded.source()).isEqualTo(CharsetSource.DETECTED);
        assertThat(decoded.charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void byteOrderMarkWinsOverHeaderAndMetaAndIsNotPartOfTheText() {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] html = ("<html><head><meta charset=\"gbk\"></head><body>" + TEXT + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
        byte[] page = concat(bom, html);

        CharsetDetector.Decoded decoded = detector.decode(page, "iso-8859-1", null, false);

        assertThat(decoded.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(decoded.source()).isEqualTo(CharsetSource.BOM);
        assertThat(decoded.text()).startsWith("<html>").contains(TEXT);
    }

    @Test
    void utf16ByteOrderMarkIsHonoured() {
        byte[] page = concat(new byte[] {(byte) 0xff, (byte) 0xfe}, TEXT.getBytes(StandardCharsets.UTF_16LE));

        CharsetDetector.Decoded decoded = detector.decode(page, null, null, false);

        assertThat(decoded.charset()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(decoded.text()).isEqualTo(TEXT);
    }

    @Test
    void siteOverrideWinsOverWrongDeclarations() {
        byte[] page = ("<html><head><meta charset=\"utf-8\"></head><body>" + TEXT + "</body></html>").getBytes(GBK);

        CharsetDetector.Decoded decoded = detector.decode(page, "utf-8", GBK, false);

        assertThat(decoded.source()).isEqualTo(CharsetSource.OVERRIDE);
        assertThat(decoded.charset()).isEqualTo(GB18030);
        assertThat(decoded.text()).contains(TEXT);
    }

    @Test
    void unknownHeaderCharsetFallsThroughToMeta() {
        byte[] page = ("<html><head><meta charset=\"gbk\"></head><body>" + TEXT + "</body></html>").getBytes(GBK);

        CharsetDetector.Decoded decoded = detector.decode(page, "no-such-charset", null, false);

        assertThat(decoded.source()).isEqualTo(CharsetSource.META);
        assertThat(decoded.text()).contains(TEXT);
    }

    @Test
    void utf8CutInsideACharacterByTheSizeCapIsStillUtf8() {
        byte[] full = ("<html><body>" + TEXT).getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(full, full.length - 1); // last character loses its final byte

        assertThat(detector.decode(cut, null, null, true).charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(detector.decode(cut, null, null, false).charset()).isEqualTo(GB18030);
    }

    /** A UTF-8 page whose CMS broke three characters (second byte replaced): six malformed sequences. */
    private static byte[] utf8PageWithThreeBrokenCharacters() {
        byte[] page = ("<html><head><meta charset=\"utf-8\"></head><body>" + (TEXT + "\n").repeat(30)
                        + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
        for (int k = 1; k <= 3; k++) {
            int at = page.length * k / 4;
            while ((page[at] & 0xf0) != 0xe0) {
                at++;
            }
            page[at + 1] = 'x';
        }
        return page;
    }

    @Test
    void aUtf8PageWithAFewBrokenCharactersIsStillReadAsTheUtf8ItDeclares() {
        byte[] page = utf8PageWithThreeBrokenCharacters();

        CharsetDetector.Decoded declared = detector.decode(page, "utf-8", null, false);
        CharsetDetector.Decoded undeclared = detector.decode(page, null, null, false);

        assertThat(declared.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(declared.source()).isEqualTo(CharsetSource.HEADER);
        assertThat(declared.text()).contains(TEXT).contains("\ufffd");
        assertThat(undeclared.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(undeclared.source()).isEqualTo(CharsetSource.META);
    }

    @Test
    void gb18030TextDeclaredUtf8IsStillNotReadAsUtf8() {
        byte[] page = ("<html><body>" + (TEXT + "\n").repeat(30) + "</body></html>").getBytes(GB18030);

        CharsetDetector.Decoded decoded = detector.decode(page, "utf-8", null, false);

        assertThat(CharsetDetector.isMostlyUtf8(page, false)).isFalse();
        assertThat(decoded.charset()).isEqualTo(GB18030);
        assertThat(decoded.source()).isEqualTo(CharsetSource.DETECTED);
        assertThat(decoded.text()).contains(TEXT);
    }

    @Test
    void utf8ValidatorRejectsOverlongAndSurrogateForms() {
        assertThat(CharsetDetector.isUtf8(new byte[] {(byte) 0xc0, (byte) 0xaf}, false))
                .isFalse();
        assertThat(CharsetDetector.isUtf8(new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, false))
                .isFalse();
        assertThat(CharsetDetector.isUtf8(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, false))
                .isFalse();
        assertThat(CharsetDetector.isUtf8("𠀀 ok".getBytes(StandardCharsets.UTF_8), false))
                .isTrue();
    }

    @Test
    void gbFamilyNamesFoldToGb18030() {
        for (String name : new String[] {"gb2312", "GBK", "x-gbk", "GB2312", " gbk ", "cp936"}) {
            assertThat(CharsetDetector.lookup(name)).as(name).isEqualTo(GB18030);
        }
        assertThat(CharsetDetector.lookup("utf8")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(CharsetDetector.lookup("bogus")).isNull();
        assertThat(CharsetDetector.lookup("")).isNull();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
