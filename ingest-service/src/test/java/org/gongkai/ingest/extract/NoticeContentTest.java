package org.gongkai.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.gongkai.ingest.fetch.CharsetDetector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which decoded pages are not text ({@link NoticeContent#notText}): random bytes in whatever charset they are
 * declared or detected as, never a real notice in UTF-8, GB18030 or Big5 (the 44 real notices of
 * {@code real-notices/sample.jsonl}).
 */
class NoticeContentTest {

    private final NoticeContent content = new NoticeContent();
    private final CharsetDetector charsets = new CharsetDetector();

    static Stream<String> realNotices() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        try (InputStream in = NoticeContentTest.class.getResourceAsStream("/real-notices/sample.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .filter(l -> !l.isBlank())
                            .map(json::readTree)
                            .map(n -> n.path("title").asString() + "\n"
                                    + n.path("body").asString())
                            .toList()
                            .stream();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "utf-8", "gbk", "big5", "iso-8859-1"})
    void randomBytesAreNotTextWhateverTheCharsetTheyAreReadIn(String declared) {
        byte[] noise = new byte[30 * 1024];
        new Random(42).nextBytes(noise);

        CharsetDetector.Decoded decoded = charsets.decode(noise, declared.isEmpty() ? null : declared, null, false);

        assertThat(content.notText(decoded))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("not a notice: the body is not text (")
                        .contains("undecodable or control characters as "
                                + decoded.charset().name()));
    }

    @ParameterizedTest
    @MethodSource("realNotices")
    void aRealNoticeIsTextInEachOfItsCharsets(String notice) {
        for (Charset charset : List.of(StandardCharsets.UTF_8, Charset.forName("GB18030"), Charset.forName("Big5"))) {
            byte[] page = ("<html><body><div>\r\n" + notice + "\t</div></body></html>").getBytes(charset);

            assertThat(content.notText(charsets.decode(page, null, null, false)))
                    .as("%s in %s", notice.lines().findFirst().orElse(""), charset)
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15})
    void aFewStrayControlCharactersInAShortPageAreStillText(int strays) {
        String page = "<p>索引号：000014349/2023-00301</p>" + "\u0001".repeat(strays);

        assertThat(content.notText(charsets.decode(page.getBytes(StandardCharsets.UTF_8), "utf-8", null, false)))
                .isEmpty();
    }
}
