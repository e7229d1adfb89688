package org.gongkai.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoticeIdsTest {

    @ParameterizedTest
    @CsvSource({
        "HTTP://WWW.Example.GOV.cn:80/art/2023/8/3/art_1_2.html#top, http://www.example.gov.cn/art/2023/8/3/art_1_2.html",
        "https://example.gov.cn:443/a/./b/../c.html, https://example.gov.cn/a/c.html",
        "http://example.gov.cn/list.jsp?id=7&col=2, http://example.gov.cn/list.jsp?col=2&id=7",
    })
    void canonicalisesSpellingsOfTheSameUrl(String url, String canonical) {
        assertThat(NoticeIds.canonicalUrl(url)).isEqualTo(canonical);
        assertThat(NoticeIds.fromUrl(url)).isEqualTo(NoticeIds.fromUrl(canonical));
    }

    @Test
    void idsAreShortStableHex() {
        String id = NoticeIds.fromUrl("http://www.dhq.gov.cn/xxgk/202308/t20230803_1.html");
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(NoticeIds.fromUrl("http://www.dhq.gov.cn/xxgk/202308/t20230803_1.html"))
                .isEqualTo(id);
        assertThat(NoticeIds.fromUrl("http://www.dhq.gov.cn/xxgk/202308/t20230803_2.html"))
                .isNotEqualTo(id);
    }

    @Test
    void idIsThePrefixOfTheSha256OfTheCanonicalUrl() {
        String url = "http://example.gov.cn/a.html";
        assertThat(NoticeIds.fromUrl(url))
                .isEqualTo(NoticeIds.sha256Hex(url.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .substring(0, 16));
    }

    @Test
    void rejectsNonHttpUrls() {
        assertThatThrownBy(() -> NoticeIds.fromUrl("ftp://example.gov.cn/a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NoticeIds.fromUrl(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
