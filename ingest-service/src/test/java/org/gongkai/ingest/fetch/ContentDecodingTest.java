package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class ContentDecodingTest {

    private static final byte[] HTML =
            "<html><body>索引号：ncsdhqtyjrswj--2023-0013</body></html>".repeat(50).getBytes(StandardCharsets.UTF_8);

    @Test
    void identityPassesThrough() throws Exception {
        assertThat(ContentDecoding.decode(HTML, null, 1 << 20, false).bytes()).isEqualTo(HTML);
        assertThat(ContentDecoding.decode(HTML, "identity", 1 << 20, false).truncated())
                .isFalse();
    }

    @Test
    void gzipAndBothDeflateFlavoursDecode() throws Exception {
        assertThat(ContentDecoding.decode(HttpFetcherTest.gzip(HTML), "GZIP", 1 << 20, false)
                        .bytes())
                .isEqualTo(HTML);
        assertThat(ContentDecoding.decode(deflate(HTML, false), "deflate", 1 << 20, false)
                        .bytes())
                .isEqualTo(HTML);
        assertThat(ContentDecoding.decode(deflate(HTML, true), "deflate", 1 << 20, false)
                        .bytes())
                .isEqualTo(HTML);
    }

    @Test
    void cutGzipInputKeepsWhatDecodedWhenTheInputWasTruncated() throws Exception {
        byte[] gz = HttpFetcherTest.gzip(HTML);
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);

        ContentDecoding.Decoded decoded = ContentDecoding.decode(cut, "gzip", 1 << 20, true);

        assertThat(decoded.truncated()).isTrue();
        assertThat(HTML).startsWith(decoded.bytes());
        assertThatThrownBy(() -> ContentDecoding.decode(cut, "gzip", 1 << 20, false))
                .isInstanceOf(FetchException.class);
    }

    @Test
    void corruptOrUnknownEncodingsFail() {
        assertThatThrownBy(() -> ContentDecoding.decode(HTML, "gzip", 1 << 20, false))
                .isInstanceOf(FetchException.class);
        assertThatThrownBy(() -> ContentDecoding.decode(HTML, "br", 1 << 20, false))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("br");
    }

    private static byte[] deflate(byte[] bytes, boolean raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            d.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] fixture(String name) throws Exception {
        try (var in = ContentDecodingTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void brotliDecodes() throws Exception {
        // br-page.html.br was made from br-page.html with the brotli command-line tool.
        byte[] compressed = fixture("br-page.html.br");
        byte[] page = fixture("br-page.html");

        ContentDecoding.Decoded decoded = ContentDecoding.decode(compressed, "br", 1 << 20, false);

        assertThat(decoded.bytes()).isEqualTo(page);
        assertThat(decoded.truncated()).isFalse();
        assertThat(new String(decoded.bytes(), StandardCharsets.UTF_8)).contains("清洁取暖");
        assertThat(ContentDecoding.supports("br")).isTrue();
        assertThat(ContentDecoding.ACCEPT_ENCODING).contains("br");
    }

    @Test
    void aBrotliBombDecodesOnlyUpToTheCap() throws Exception {
        byte[] bomb = fixture("bomb-64mib.br"); // 64 MiB of zeros in 54 bytes
        assertThat(bomb.length).isLessThan(100);

        ContentDecoding.Decoded decoded = ContentDecoding.decode(bomb, "br", 1 << 20, false);

        assertThat(decoded.bytes()).hasSize(1 << 20);
        assertThat(decoded.truncated()).isTrue();
    }

    @Test
    void corruptBrotliFails() {
        byte[] garbage = "this is not brotli at all, just text".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ContentDecoding.decode(garbage, "br", 1 << 20, false))
                .isInstanceOf(FetchException.class);
    }
}
