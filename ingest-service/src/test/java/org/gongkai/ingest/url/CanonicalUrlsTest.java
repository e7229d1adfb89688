package org.gongkai.ingest.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import org.gongkai.events.NoticeIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalUrlsTest {

    @ParameterizedTest
    @CsvSource({
        "HTTP://WWW.Example.GOV.cn:80/art/2023/8/3/art_1_2.html#top",
        "https://example.gov.cn:443/a/./b/../c.html",
        "http://example.gov.cn/list.jsp?id=7&col=2",
        "http://www.dhq.gov.cn/xxgk/202308/t20230803_1.html",
    })
    void answersAsNoticeIdsDoesWhetherAskedFirstOrAgain(String url) {
        for (int i = 0; i < 2; i++) {
            assertThat(CanonicalUrls.canonical(url)).isEqualTo(NoticeIds.canonicalUrl(url));
            assertThat(CanonicalUrls.noticeId(url)).isEqualTo(NoticeIds.fromUrl(url));
        }
    }

    @Test
    void aUrlAskedAgainIsNotCanonicalisedAgain() {
        String url = "http://example.gov.cn/list.jsp?id=7&col=2";
        String canonical = CanonicalUrls.canonical(url);
        String id = CanonicalUrls.noticeId(url);

        assertThat(CanonicalUrls.canonical(url)).isSameAs(canonical);
        assertThat(CanonicalUrls.noticeId(url)).isSameAs(id);
        assertThat(CanonicalUrls.canonical(new String(url))).isSameAs(canonical);
    }

    @Test
    void manyMoreUrlsThanSlotsInAnyOrderStillGetTheirOwnAnswers() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < CanonicalUrls.SLOTS * 8; i++) {
            urls.add("http://Portal.test/xxgk/" + (i % 7) + "/t2023_" + i + ".html?b=" + i + "&a=" + (i * 31));
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < urls.size(); i++) {
                String url = urls.get((i * 97 + round * 13) % urls.size());
                assertThat(CanonicalUrls.noticeId(url)).isEqualTo(NoticeIds.fromUrl(url));
                assertThat(CanonicalUrls.canonical(url)).isEqualTo(NoticeIds.canonicalUrl(url));
            }
        }
    }

    @Test
    void aUrlThatCannotBeCanonicalisedFailsEveryTime() {
        for (String url : new String[] {"ftp://example.gov.cn/a", " ", null}) {
            assertThatThrownBy(() -> CanonicalUrls.canonical(url)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CanonicalUrls.noticeId(url)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void eachThreadHasItsOwnCache() throws Exception {
        String url = "http://example.gov.cn/a/../b.html";
        String here = CanonicalUrls.canonical(url);
        FutureTask<String> other = new FutureTask<>(() -> CanonicalUrls.canonical(url));
        new Thread(other).start();
        String there = other.get();

        assertThat(there).isEqualTo(here).isNotSameAs(here);
    }
}
