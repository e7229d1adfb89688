package org.gongkai.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/** A list page's notice links are told apart from its own pages: the next page and the list's series. */
class ListPageLinksTest {

    private static final String LIST = "http://gov.test/xxgk/tzgg/index.html";

    private final ListPageLinks pageLinks = new ListPageLinks();

    private ListPageLinks.Page read(String html, String page, boolean paginated) {
        return pageLinks.read(Jsoup.parse(html, page), html, URI.create(page), URI.create(LIST), null, paginated);
    }

    @Test
    void theNextPageAndTheListsSeriesAreNotNotices() {
        String html = """
                <ul>
                  <li><a href="art/2026/1.html">关于开展退役军人服务的通知</a></li>
                  <li><a href="art/2026/2.html">关于公布政府信息公开目录的公告</a></li>
                </ul>
                <a href="index.html">首页</a> <a href="index_2.html">3</a> <a href="index_1.html">下一页</a>
                """;

        ListPageLinks.Page page = read(html, LIST, true);

        assertThat(page.links())
                .extracting(Map.Entry::getValue)
                .containsExactly(
                        URI.create("http://gov.test/xxgk/tzgg/art/2026/1.html"),
                        URI.create("http://gov.test/xxgk/tzgg/art/2026/2.html"));
        assertThat(page.next()).isEqualTo(URI.create("http://gov.test/xxgk/tzgg/index_1.html"));
        assertThat(page.nextKey()).isEqualTo("http://gov.test/xxgk/tzgg/index_1.html");
    }

    @Test
    void aNextPageOutsideTheSeriesIsNotANoticeEither() {
        String html = """
                <a href="/art/2026/7.html">关于征集意见的公告</a>
                <a href="/xxgk/list.jsp?page=2">下一页</a>
                """;

        ListPageLinks.Page page = read(html, "http://gov.test/xxgk/list.jsp?page=1", true);

        assertThat(page.links())
                .extracting(Map.Entry::getValue)
                .containsExactly(URI.create("http://gov.test/art/2026/7.html"));
        assertThat(page.next()).isEqualTo(URI.create("http://gov.test/xxgk/list.jsp?page=2"));
    }

    @Test
    void withoutPaginationNoNextPageIsLookedForAndItsLinkIsKept() {
        String html = """
                <a href="/art/2026/7.html">关于征集意见的公告</a>
                <a href="/xxgk/list.jsp?page=2">下一页</a>
                """;

        ListPageLinks.Page page = read(html, "http://gov.test/xxgk/list.jsp?page=1", false);

        assertThat(page.next()).isNull();
        assertThat(page.nextKey()).isNull();
        assertThat(page.links())
                .extracting(Map.Entry::getValue)
                .containsExactly(
                        URI.create("http://gov.test/art/2026/7.html"),
                        URI.create("http://gov.test/xxgk/list.jsp?page=2"));
    }
}
