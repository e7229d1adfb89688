package org.gongkai.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.gongkai.enrich.normalise.RawField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlExtractorTest {

    private final HtmlExtractor extractor = new HtmlExtractor();

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '#',
            value = {
                "关于印发工作要点的通知_通知公告_南昌市东湖区人民政府#关于印发工作要点的通知",
                "关于印发工作要点的通知 - 南昌市人民政府 - 中国政府网#关于印发工作要点的通知",
                "关于印发工作要点的通知 | 生态环境部#关于印发工作要点的通知",
                "2023-2025年行动方案_某某政府#2023-2025年行动方案",
                "东湖区2023年第1号公告#东湖区2023年第1号公告",
                "首页_东湖#首页_东湖",
            })
    void stripsSiteNamesFromTheDocumentTitle(String title, String expected) {
        assertThat(HtmlTitles.documentTitle(title).get(0)).isEqualTo(expected);
    }

    @Test
    void headingIsATitleCandidateButSiteNamesAreNot() {
        ExtractedPage page = extractor.extract("""
                <html><head><title>关于做好防汛工作的通知_东湖区人民政府</title></head><body>
                <h1>东湖区人民政府</h1>
                <div class="article"><h2>关于做好防汛工作的通知</h2>
                <div class="TRS_Editor"><p>各街道：</p><p>请做好防汛工作。</p></div></div>
                </body></html>""");
        assertThat(page.titleCandidates()).containsExactly("关于做好防汛工作的通知", "关于做好防汛工作的通知");
        assertThat(page.body()).isEqualTo("各街道：\n请做好防汛工作。");
    }

    @Test
    void metaTagsAreFallbackFields() {
        ExtractedPage page = extractor.extract("""
                <html><head><meta name="articletitle" content="标题甲"><meta name="PubDate" content="2023-01-02">
                <meta name="SiteName" content="某站"></head><body><p>正文</p></body></html>""");
        assertThat(page.fields())
                .containsExactly(RawField.meta("ArticleTitle", "标题甲"), RawField.meta("PubDate", "2023-01-02"));
    }

    @Test
    void brSeparatedPairsAndBodyInTheSameContainer() {
        ExtractedPage page = extractor.extract("""
                <html><body><div class="content">
                <div class="info">索引号：A-1<br>发布机构：东湖区民政局<br>发布日期：2023-08-03</div>
                <p>第一段。</p><p>第二段。</p></div></body></html>""");
        assertThat(page.fields())
                .containsExactly(
                        RawField.block("索引号：", "A-1"),
                        RawField.block("发布机构：", "东湖区民政局"),
                        RawField.block("发布日期：", "2023-08-03"));
        assertThat(page.body()).isEqualTo("第一段。\n第二段。");
    }
}
