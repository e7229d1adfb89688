package org.gongkai.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class PaginationTest {

    private final Pagination pagination = new Pagination();

    private Optional<URI> next(String html, String page) {
        return pagination.next(Jsoup.parse(html, page), html, URI.create(page));
    }

    @Test
    void createPageHtmlScriptGivesTheNextMemberOfTheSeries() {
        String first = "<script>createPageHTML(5, 0, \"index\", \"html\");</script>";
        String third = "<script type=\"text/javascript\">createPageHTML(5,2,'index','shtml');</script>";
        String last = "<script>createPageHTML(5, 4, \"index\", \"html\");</script>";

        assertThat(next(first, "http://gov.test/xxgk/tzgg/index.html"))
                .contains(URI.create("http://gov.test/xxgk/tzgg/index_1.html"));
        assertThat(next(third, "http://gov.test/xxgk/tzgg/index_2.shtml"))
                .contains(URI.create("http://gov.test/xxgk/tzgg/index_3.shtml"));
        assertThat(next(last, "http://gov.test/xxgk/tzgg/index_4.html")).isEmpty();
    }

    @Test
    void createPageHtmlWithALeadingElementIdIsRead() {
        String html = "<script>createPageHTML('page_div',12, 0,'index','html',240);</script>";

        assertThat(next(html, "http://gov.test/zwgk/")).contains(URI.create("http://gov.test/zwgk/index_1.html"));
    }

    @Test
    void aNextLinkIsFollowed() {
        String html = """
                <div class="page"><a href="list_1.html">首页</a> <a href="javascript:void(0)">上一页</a>
                <a href="list_3.html"> 下一页 </a> <a href="list_9.html">尾页</a></div>""";

        assertThat(next(html, "http://gov.test/gk/list_2.html")).contains(URI.create("http://gov.test/gk/list_3.html"));
    }

    @Test
    void aNextLinkToJavascriptOrAnotherHostIsNotFollowed() {
        assertThat(next("<a href=\"javascript:goPage(2)\">下一页</a>", "http://gov.test/gk/index.html"))
                .isEmpty();
        assertThat(next("<a href=\"http://spam.test/2.html\">下一页</a>", "http://gov.test/gk/index.html"))
                .isEmpty();
    }

    @Test
    void anIndexSeriesLinkIsFollowedFromTheCurrentNumber() {
        String html = "<a href=\"index.html\">1</a> <a href=\"index_1.html\">2</a> <a href=\"index_2.html\">3</a>";

        assertThat(next(html, "http://gov.test/xxgk/index.html"))
                .contains(URI.create("http://gov.test/xxgk/index_1.html"));
        assertThat(next(html, "http://gov.test/xxgk/index_1.html"))
                .contains(URI.create("http://gov.test/xxgk/index_2.html"));
        assertThat(next(html, "http://gov.test/xxgk/index_2.html")).isEmpty();
        assertThat(next(html, "http://gov.test/xxgk/")).contains(URI.create("http://gov.test/xxgk/index_1.html"));
    }

    @Test
    void noPaginationMeansNoNextPage() {
        assertThat(next("<a href=\"t20231120_3003.html\">通知</a>", "http://gov.test/xxgk/index.html"))
                .isEmpty();
    }

    @Test
    void seriesPagesAreRecognised() {
        URI list = URI.create("http://gov.test/xxgk/index.html");

        assertThat(pagination.isSeriesPage(URI.create("http://gov.test/xxgk/index_7.html"), list))
                .isTrue();
        assertThat(pagination.isSeriesPage(URI.create("http://gov.test/xxgk/t20231120_3003.html"), list))
                .isFalse();
        assertThat(pagination.isSeriesPage(URI.create("http://gov.test/other/index_1.html"), list))
                .isFalse();
    }

    @Test
    void dataproxyRecordsetWindowsAdvanceUntilTheTotal() {
        URI first = URI.create("http://a.test/module/jpage/dataproxy.jsp?startrecord=1&endrecord=3&perpage=3&col=1");
        String answer = "<datastore><totalrecord>7</totalrecord><recordset><record><![CDATA[x]]></record></recordset>";

        URI second = Pagination.fromRecordset(answer, first).orElseThrow();
        assertThat(second.toString())
                .isEqualTo("http://a.test/module/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=3&col=1");
        URI third = Pagination.fromRecordset(answer, second).orElseThrow();
        assertThat(third.getQuery()).isEqualTo("startrecord=7&endrecord=7&perpage=3&col=1");
        assertThat(Pagination.fromRecordset(answer, third)).isEmpty();
        assertThat(Pagination.fromRecordset("var totalRecord = 2;", first)).isEmpty();
        assertThat(Pagination.fromRecordset("<recordset></recordset>", first)).isEmpty();
        assertThat(Pagination.fromRecordset(answer, URI.create("http://a.test/dataproxy.jsp?page=1")))
                .isEmpty();
    }

    @Test
    void aRecordsetNextGroupIsFollowed() {
        String group = """
                <?xml version="1.0" encoding="utf-8"?><datastore>
                <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=2&webid=1&columnid=4411"></a>]]></nextgroup>
                <recordset><record><![CDATA[<li><a href="/art/2023/11/20/art_4411_1.html">通知</a></li>]]></record>
                </recordset></datastore>""";

        assertThat(next(group, "http://gov.test/module/web/jpage/dataproxy.jsp?page=1&webid=1&columnid=4411"))
                .contains(URI.create("http://gov.test/module/web/jpage/dataproxy.jsp?page=2&webid=1&columnid=4411"));
    }

    @Test
    void anEmptyOrForeignNextGroupEndsPaging() {
        String last = "<datastore><nextgroup><![CDATA[]]></nextgroup><recordset></recordset></datastore>";
        String elsewhere = "<datastore><nextgroup><![CDATA[<a href=\"http://other.test/next.jsp\">]]></nextgroup>"
                + "</datastore>";
        String script = "<nextgroup><![CDATA[<a href=\"javascript:void(0)\">]]></nextgroup>";

        assertThat(next(last, "http://gov.test/col/col1/index.html")).isEmpty();
        assertThat(next(elsewhere, "http://gov.test/col/col1/index.html")).isEmpty();
        assertThat(next(script, "http://gov.test/col/col1/index.html")).isEmpty();
    }
}
