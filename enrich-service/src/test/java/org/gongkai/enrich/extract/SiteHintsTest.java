package org.gongkai.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.gongkai.enrich.Fixtures;
import org.gongkai.enrich.pipeline.EnrichProperties;
import org.gongkai.enrich.pipeline.NoticeEnricher;
import org.gongkai.events.EnrichedNotice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Per-site hints override the layout heuristics for their site only. */
class SiteHintsTest {

    /** A page the heuristics get wrong: a generic .content box of links, a site-wide ArticleTitle. */
    private static final String PAGE = """
            <html><head><meta name="ArticleTitle" content="东湖区人民政府门户网站"><title>东湖区人民政府门户网站</title></head>
            <body>
            <div class="content"><p>相关链接：江西省人民政府 南昌市人民政府 东湖区人民政府 各街道办事处 区直各部门 政务服务网 信用中国</p></div>
            <div class="wz">
              <h3 class="wz-title">关于做好2024年防汛工作的通知</h3>
              <div class="wz-text"><p>各街道办事处：</p><p>现就做好2024年防汛工作通知如下。</p></div>
            </div>
            </body></html>
            """;

    private final NoticeEnricher enricher = new NoticeEnricher(
            "test",
            Clock.systemUTC(),
            new SimpleMeterRegistry(),
            Map.of("hinted", new SiteHints("div.wz-text", ".wz-title")));

    private EnrichedNotice enrich(String siteId) {
        return enricher.enrich(pageOfSite(siteId));
    }

    /** The test page as a raw notice of {@code siteId}. */
    private static org.gongkai.events.RawNotice pageOfSite(String siteId) {
        var raw = Fixtures.raw("https://www.dhq.gov.cn/art/2024/5/1/art_1_1.html", "text/html", PAGE);
        return new org.gongkai.events.RawNotice(
                raw.schemaVersion(),
                raw.noticeId(),
                raw.url(),
                raw.finalUrl(),
                siteId,
                raw.source(),
                raw.fetchedAt(),
                raw.version(),
                raw.httpStatus(),
                raw.headers(),
                raw.contentType(),
                raw.charset(),
                raw.charsetSource(),
                raw.body(),
                raw.rawBody(),
                raw.truncated(),
                raw.contentHash(),
                raw.attachments());
    }

    @Test
    void hintsOfTheSiteOverrideTheHeuristics() {
        EnrichedNotice hinted = enrich("hinted");
        assertThat(hinted.title()).isEqualTo("关于做好2024年防汛工作的通知");
        assertThat(hinted.body()).isEqualTo("各街道办事处：\n现就做好2024年防汛工作通知如下。");
        assertThat(hinted.metadata().genre()).isEqualTo("通知");
    }

    @Test
    void otherSitesKeepTheHeuristics() {
        EnrichedNotice plain = enrich("other");
        assertThat(plain.title()).isEqualTo("东湖区人民政府门户网站");
        assertThat(plain.body()).startsWith("相关链接");
    }

    @Test
    void hintsThatMatchNothingFallBack() {
        var page = new HtmlExtractor().extract(PAGE, new SiteHints("div.missing", "h1.missing"));
        assertThat(page.body()).startsWith("相关链接");
    }

    @Test
    void bindsFromConfigurationAndRejectsInvalidSelectors() {
        EnrichProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                        "gongkai.enrich.sites.dhq.body-selector", "div.wz-text",
                        "gongkai.enrich.sites.dhq.title-selector", ".wz-title")))
                .bind("gongkai.enrich", EnrichProperties.class)
                .get();
        assertThat(properties.sites()).containsEntry("dhq", new SiteHints("div.wz-text", ".wz-title"));
        assertThat(properties.concurrency()).isEqualTo(2);

        assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(
                                Map.of("gongkai.enrich.sites.dhq.body-selector", "div[")))
                        .bind("gongkai.enrich", EnrichProperties.class))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("body-selector is not a valid CSS selector: div[");
    }

    @Test
    void readsHintsFromTheCrawlersSiteListAndLetsEnrichsOwnWin() {
        var source = new MapConfigurationPropertySource(Map.of(
                "gongkai.ingest.sites[0].id", "dhq",
                "gongkai.ingest.sites[0].list-urls[0]", "https://www.dhq.gov.cn/xxgk/index.html",
                "gongkai.ingest.sites[0].body-selector", "div.wz-text",
                "gongkai.ingest.sites[0].title-selector", ".wz-title",
                "gongkai.ingest.sites[1].id", "plain",
                "gongkai.ingest.sites[2].id", "overridden",
                "gongkai.ingest.sites[2].body-selector", "div.crawler-side",
                "gongkai.enrich.sites.overridden.body-selector", "div.enrich-side"));
        Binder binder = new Binder(source);
        var crawler = binder.bind("gongkai.ingest", org.gongkai.enrich.pipeline.CrawlerSiteHints.class)
                .get();
        var own = binder.bind("gongkai.enrich", EnrichProperties.class).get();

        Map<String, SiteHints> merged = crawler.merge(own.sites());

        assertThat(merged)
                .containsEntry("dhq", new SiteHints("div.wz-text", ".wz-title"))
                .containsEntry("overridden", new SiteHints("div.enrich-side", null))
                .doesNotContainKey("plain");
        var enricherFromCrawlerList = new NoticeEnricher("test", Clock.systemUTC(), new SimpleMeterRegistry(), merged);
        var raw = pageOfSite("dhq");
        assertThat(enricherFromCrawlerList.enrich(raw).title()).isEqualTo("关于做好2024年防汛工作的通知");
    }
}
