package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Map;
import org.gongkai.events.NoticeIds;
import org.gongkai.ingest.fetch.FetchResult;
import org.junit.jupiter.api.Test;

/** Which URL a visit's answer is identified by ({@link Redirect#of}): the final one, canonicalised as links are. */
class RedirectTest {

    private static final String LINK = "http://portal.test/xxgk/moved.html";

    private static FetchResult answeredBy(String finalUrl) {
        return new FetchResult(
                URI.create(LINK),
                URI.create(finalUrl),
                200,
                HttpHeaders.of(Map.of(), (a, b) -> true),
                new byte[0],
                false,
                Instant.EPOCH);
    }

    @Test
    void anAnswerFromTheLinkItselfKeepsTheLinksIdentity() {
        assertThat(Redirect.of(LINK, NoticeIds.fromUrl(LINK), answeredBy(LINK))).isNull();
    }

    @Test
    void aRedirectToAnotherSpellingOfTheSameUrlKeepsTheLinksIdentity() {
        assertThat(Redirect.of(
                        LINK, NoticeIds.fromUrl(LINK), answeredBy("HTTP://Portal.TEST:80/xxgk/./moved.html#top")))
                .isNull();
    }

    @Test
    void aRedirectElsewhereIsIdentifiedByItsFinalUrlCanonicalised() {
        Redirect via = Redirect.of(
                LINK, NoticeIds.fromUrl(LINK), answeredBy("http://Portal.test:80/xxgk/202311/../202311/t1.html#x"));

        assertThat(via.url()).isEqualTo("http://portal.test/xxgk/202311/t1.html");
        assertThat(via.noticeId()).isEqualTo(NoticeIds.fromUrl("http://portal.test/xxgk/202311/t1.html"));
        assertThat(via.linkUrl()).isEqualTo(LINK);
        assertThat(via.linkId()).isEqualTo(NoticeIds.fromUrl(LINK));
    }

    @Test
    void aRedirectToAnotherHostIsIdentifiedByThatHostsUrl() {
        Redirect via = Redirect.of(LINK, NoticeIds.fromUrl(LINK), answeredBy("http://other.test/notice.html"));

        assertThat(via.url()).isEqualTo("http://other.test/notice.html");
        assertThat(via.noticeId()).isEqualTo(NoticeIds.fromUrl("http://other.test/notice.html"));
    }
}
