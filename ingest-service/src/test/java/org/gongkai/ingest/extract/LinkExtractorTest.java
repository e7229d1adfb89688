package org.gongkai.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class LinkExtractorTest {

    private static final URI LIST = URI.create("http://www.dhq.test/xxgk/index.html");
    private static final String PAGE = """
            <html><body>
            <div class="header"><a href="/index.html">首页</a> <a href="/xxgk/index.html">信息公开</a></div>
            <ul class="list">
              <li><a href="/xxgk/202311/t20231120_3003.html">通知</a></li>
              <li><a href="../xxgk/202310/t20231015_2002.html">公告</a></li>
              <li><a href="202308/t20230803_1001.html#top">会议</a></li>
              <li><a href="http://WWW.DHQ.TEST/xxgk/202311/t20231120_3003.html">duplicate, other case</a></li>
              <li><a href="https://www.dhq.test/art/2023/9/1/art_1229_4411.html">https</a></li>
              <li><a href="/xxgk/202309/政策解读.html">Chinese path</a></li>
            </ul>
            <a href="#">top</a> <a href="javascript:void(0)">print</a> <a href="JavaScript:window.close()">close</a>
            <a href="mailto:gk@dhq.test">mail</a> <a href="">empty</a> <a>no href</a>
            <a href="/art/2023/9/1/W020230901123456.pdf">attachment</a> <a href="/files/plan.DOCX">docx</a>
            <a href="/upload/notice.wps">wps</a> <a href="/logo.png">image</a>
            <a href="http://www.other.test/xxgk/1.html">other host</a>
            <a href="ftp://www.dhq.test/file.html">ftp</a>
            <a href="index.html">self</a> <a href="./index.html#x">self with fragment</a>
            </body></html>
            """;

    private final LinkExtractor extractor = new LinkExtractor();

    @Test
    void keepsSameHostPageLinksAbsoluteAndDeduplicatedInPageOrder() {
        List<URI> links = extractor.extract(Jsoup.parse(PAGE, LIST.toString()), LIST, null);

        assertThat(links)
                .extracting(URI::toString)
                .containsExactly(
                        "http://www.dhq.test/index.html",
                        "http://www.dhq.test/xxgk/202311/t20231120_3003.html",
                        "http://www.dhq.test/xxgk/202310/t20231015_2002.html",
                        "http://www.dhq.test/xxgk/202308/t20230803_1001.html",
                        "https://www.dhq.test/art/2023/9/1/art_1229_4411.html",
                        "http://www.dhq.test/xxgk/202309/%E6%94%BF%E7%AD%96%E8%A7%A3%E8%AF%BB.html");
    }

    @Test
    void linkSelectorRestrictsTheLinksAndMayNameContainers() {
        List<URI> byContainer = extractor.extract(Jsoup.parse(PAGE, LIST.toString()), LIST, "ul.list li");
        List<URI> byAnchor = extractor.extract(Jsoup.parse(PAGE, LIST.toString()), LIST, "ul.list a");

        assertThat(byContainer).hasSize(5).doesNotContain(URI.create("http://www.dhq.test/index.html"));
        assertThat(byAnchor).isEqualTo(byContainer);
    }

    @Test
    void baseHrefIsHonoured() {
        String html = "<html><head><base href=\"http://www.dhq.test/col/col123/\"></head>"
                + "<body><a href=\"art_1.html\">a</a></body></html>";

        assertThat(extractor.extract(Jsoup.parse(html, LIST.toString()), LIST, null))
                .containsExactly(URI.create("http://www.dhq.test/col/col123/art_1.html"));
    }

    @Test
    void pageWithoutLinksGivesNothing() {
        assertThat(extractor.extract(Jsoup.parse("<p>无内容</p>", LIST.toString()), LIST, null))
                .isEmpty();
    }

    @Test
    void linksInRecordsetListDataAreFound() {
        String html = """
                <html><body><div id="5461"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/x.jsp">next</a>]]></nextgroup>
                <recordset>
                <record><![CDATA[<li><a href='/art/2023/9/1/art_1229_4411.html' target='_blank'>关于印发管理办法的通知</a><span>2023-09-01</span></li>]]></record>
                <record><![CDATA[
                <li><a href="/art/2023/8/3/art_1229_4402.html">会议</a></li>]]></record>
                <record><![CDATA[<li><a href="http://other.test/art/1.html">外站</a></li>]]></record>
                </recordset></datastore></script></div></body></html>""";
        URI page = URI.create("http://www.dhq.test/col/col1229/index.html");

        assertThat(extractor.extract(Jsoup.parse(html, page.toString()), page, null))
                .as("an HTML parser does not see these links")
                .isEmpty();
        assertThat(extractor.extractRecords(html, page, null))
                .extracting(URI::toString)
                .containsExactly(
                        "http://www.dhq.test/art/2023/9/1/art_1229_4411.html",
                        "http://www.dhq.test/art/2023/8/3/art_1229_4402.html");
    }

    @Test
    void documentAttachmentsAreListedWithTheirNames() {
        String html = """
                <div class="TRS_Editor"><p>附件：<a href="./W020231120123456.pdf">1. 东湖区老旧小区改造管理办法.pdf</a></p>
                <p><a href="http://file.dhq.test/upload/plan.DOCX"></a> <a href="/files/table.xls">统计表</a>
                <a href="./W020231120123456.pdf">again</a> <a href="/img/photo.jpg">photo</a>
                <a href="/xxgk/other.html">other notice</a> <a href="ftp://x.test/a.pdf">ftp</a></p></div>""";
        URI page = URI.create("http://www.dhq.test/xxgk/202311/t20231120_3003.html");

        assertThat(extractor.attachments(Jsoup.parse(html, page.toString())))
                .extracting(a -> a.url().toString(), LinkExtractor.AttachmentLink::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "http://www.dhq.test/xxgk/202311/W020231120123456.pdf", "1. 东湖区老旧小区改造管理办法.pdf"),
                        org.assertj.core.groups.Tuple.tuple("http://file.dhq.test/upload/plan.DOCX", "plan.DOCX"),
                        org.assertj.core.groups.Tuple.tuple("http://www.dhq.test/files/table.xls", "统计表"));
    }
}
