package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.ScriptedServer;
import org.gongkai.ingest.fetch.ScriptedServer.Answer;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Auto-mode pagination, one fixture portal per style, on a real HTTP server on 127.0.0.1. */
class PaginationCrawlTest {

    private final ScriptedServer server = new ScriptedServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    private final SiteCrawler crawler;

    PaginationCrawlTest() {
        crawler = CrawlFixture.loopbackCrawler(meters, publisher, state, TestConfigs.state(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Site site(String listPath, int maxListPages) {
        return site(listPath, maxListPages, List.of());
    }

    private Site site(String listPath, int maxListPages, List<String> feedPaths) {
        return TestConfigs.site(
                "p",
                List.of(server.uri(listPath).toString()),
                true,
                500,
                maxListPages,
                feedPaths.stream().map(p -> server.uri(p).toString()).toList());
    }

    private void html(String path, String body) {
        server.on(path, Answer.html(body));
    }

    /** Notice pages /n/{i}.html. */
    private void notices(int... ids) {
        for (int i : ids) {
            html(
                    "/n/" + i + ".html",
                    "<table><tr><td>索引号：</td><td>X/2023-" + i + "</td><td>发布机构：</td><td>某局</td></tr>"
                            + "</table><p>通知正文 " + i + "</p>");
        }
    }

    private static String links(int... ids) {
        StringBuilder out = new StringBuilder("<ul>");
        for (int i : ids) {
            out.append("<li><a href=\"/n/")
                    .append(i)
                    .append(".html\">通知")
                    .append(i)
                    .append("</a></li>");
        }
        return out.append("</ul>").toString();
    }

    private List<String> publishedPaths() {
        return publisher.notices.stream()
                .map(n -> URI.create(n.url()).getPath())
                .toList();
    }

    private List<String> listHits(String prefix) {
        return server.hits.stream()
                .map(ScriptedServer.Hit::path)
                .filter(p -> p.startsWith(prefix))
                .toList();
    }

    @Test
    void createPageHtmlScriptSeries() throws Exception {
        notices(1, 2, 3, 4, 5);
        html("/a/index.html", links(2, 1) + "<script>createPageHTML(3, 0, \"index\", \"html\");</script>");
        html("/a/index_1.html", links(4, 3) + "<script>createPageHTML(3, 1, \"index\", \"html\");</script>");
        html("/a/index_2.html", links(5) + "<script>createPageHTML(3, 2, \"index\", \"html\");</script>");

        CrawlReport report = crawler.crawl(site("/a/index.html", 10));

        assertThat(report.listPages()).isEqualTo(3);
        assertThat(report.published()).isEqualTo(5);
        assertThat(report.skipped()).isZero();
        assertThat(publishedPaths()).containsExactly("/n/2.html", "/n/1.html", "/n/4.html", "/n/3.html", "/n/5.html");
    }

    @Test
    void nextLinks() throws Exception {
        notices(1, 2, 3);
        html("/b/list.html", links(3) + "<div><a href=\"list.html\">首页</a><a href=\"list_p2.html\">下一页</a></div>");
        html("/b/list_p2.html", links(2) + "<div><a href=\"list.html\">上一页</a><a href=\"list_p3.html\">下一页</a></div>");
        html("/b/list_p3.html", links(1) + "<div><a href=\"list_p2.html\">上一页</a></div>");

        CrawlReport report = crawler.crawl(site("/b/list.html", 10));

        assertThat(report.listPages()).isEqualTo(3);
        assertThat(publishedPaths()).containsExactly("/n/3.html", "/n/2.html", "/n/1.html");
        // The pagination pages themselves are not fetched again as candidate notices.
        assertThat(report.skipped()).isZero();
    }

    @Test
    void indexSeriesLinks() throws Exception {
        notices(1, 2, 3);
        String pager = "<div class=\"page\"><a href=\"index.html\">1</a><a href=\"index_1.html\">2</a>"
                + "<a href=\"index_2.html\">3</a></div>";
        html("/c/index.html", links(3) + pager);
        html("/c/index_1.html", links(2) + pager);
        html("/c/index_2.html", links(1) + pager);

        CrawlReport report = crawler.crawl(site("/c/index.html", 10));

        assertThat(report.listPages()).isEqualTo(3);
        assertThat(publishedPaths()).containsExactly("/n/3.html", "/n/2.html", "/n/1.html");
        assertThat(report.skipped()).isZero();
    }

    @Test
    void recordsetListData() throws Exception {
        notices(7, 8);
        html("/col/col1229/index.html", """
                <div id="4411"><script type="text/xml"><datastore><recordset>
                <record><![CDATA[<li><a href="/n/8.html">通知8</a></li>]]></record>
                <record><![CDATA[<li><a href="/n/7.html">通知7</a></li>]]></record>
                </recordset></datastore></script></div>""");

        CrawlReport report = crawler.crawl(site("/col/col1229/index.html", 10));

        assertThat(report.listPages()).isEqualTo(1);
        assertThat(publishedPaths()).containsExactly("/n/8.html", "/n/7.html");
    }

    @Test
    void pagingStopsAtTheFirstPageWithNothingNew() throws Exception {
        notices(1, 2, 3, 4, 5, 6);
        html("/a/index.html", links(2, 1) + "<script>createPageHTML(3, 0, \"index\", \"html\");</script>");
        html("/a/index_1.html", links(4, 3) + "<script>createPageHTML(3, 1, \"index\", \"html\");</script>");
        html("/a/index_2.html", links(5) + "<script>createPageHTML(3, 2, \"index\", \"html\");</script>");
        crawler.crawl(site("/a/index.html", 10));
        server.hits.clear();

        CrawlReport nothingNew = crawler.crawl(site("/a/index.html", 10));
        assertThat(nothingNew.listPages()).isEqualTo(1);
        assertThat(listHits("/a/")).containsExactly("/a/index.html");

        // A new notice at the top of the list: one page further, then nothing new again.
        html("/a/index.html", links(6, 2) + "<script>createPageHTML(3, 0, \"index\", \"html\");</script>");
        html("/a/index_1.html", links(1, 4) + "<script>createPageHTML(3, 1, \"index\", \"html\");</script>");
        server.hits.clear();
        CrawlReport oneNew = crawler.crawl(site("/a/index.html", 10));
        assertThat(oneNew.listPages()).isEqualTo(2);
        assertThat(listHits("/a/")).containsExactly("/a/index.html", "/a/index_1.html");
        assertThat(oneNew.published()).isEqualTo(1);
    }

    /**
     * A calendar widget's day links on every list page are navigation pages: the first crawl fetches each once and
     * remembers it; the next crawl, with all notices known, fetches none of them and reads the first list page only;
     * once {@code navigation-revisit} (1d) has passed they are fetched again.
     */
    @Test
    void navigationPagesAreNotFetchedAgainBeforeTheyAreDueAndDoNotKeepThePagingGoing() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
        SiteCrawler crawler = CrawlFixture.loopbackCrawler(meters, publisher, state, TestConfigs.state(), clock);
        notices(1, 2, 3, 4);
        StringBuilder calendar = new StringBuilder();
        for (int day = 1; day <= 12; day++) {
            html("/cal/day" + day + ".html", "<p>12月" + day + "日：无</p>");
            calendar.append("<a href=\"/cal/day")
                    .append(day)
                    .append(".html\">")
                    .append(day)
                    .append("</a>");
        }
        html("/c/index.html", links(4, 3) + calendar + "<a href=\"index_1.html\">下一页</a>");
        html("/c/index_1.html", links(2, 1) + calendar + "<a href=\"index_2.html\">下一页</a>");
        html("/c/index_2.html", calendar.toString());
        crawler.crawl(site("/c/index.html", 3));
        assertThat(listHits("/cal/"))
                .as("each day fetched once in the first crawl")
                .hasSize(12);
        server.hits.clear();

        CrawlReport second = crawler.crawl(site("/c/index.html", 3));

        assertThat(listHits("/cal/")).as("not due before navigation-revisit").isEmpty();
        assertThat(listHits("/c/")).containsExactly("/c/index.html");
        assertThat(second.listPages()).isEqualTo(1);
        assertThat(second.notDue()).isEqualTo(12);

        clock.advance(Duration.ofDays(1));
        server.hits.clear();
        crawler.crawl(site("/c/index.html", 3));
        assertThat(listHits("/cal/")).as("due again after navigation-revisit").hasSize(12);
    }

    /**
     * Session 13's trial: the list pages link back to earlier ones (首页, 上一页) and to a calendar; once all their
     * notices are known, a crawl reads the first page only (the calendar page is remembered as a navigation page,
     * so it is nothing new), not the whole series.
     */
    @Test
    void pagingStopsAtNothingNewThoughThePagesLinkBackToEarlierListPages() throws Exception {
        notices(1, 2, 3);
        String nav = "<a href=\"list?page=1\">首页</a><a href=\"/cal?ym=2020-01\">1月</a>";
        html("/cal?ym=2020-01", "<a href=\"/cal?ym=2020-02\">下月</a>");
        html("/b/list?page=1", links(3) + nav + "<a href=\"list?page=1\">上一页</a><a href=\"list?page=2\">下一页</a>");
        html("/b/list?page=2", links(2) + nav + "<a href=\"list?page=1\">上一页</a><a href=\"list?page=3\">下一页</a>");
        html("/b/list?page=3", links(1) + nav + "<a href=\"list?page=2\">上一页</a><a href=\"list?page=4\">下一页</a>");
        html("/b/list?page=4", nav + "<a href=\"list?page=3\">上一页</a><a href=\"list?page=5\">下一页</a>");
        crawler.crawl(site("/b/list?page=1", 4));
        server.hits.clear();

        CrawlReport nothingNew = crawler.crawl(site("/b/list?page=1", 4));

        assertThat(nothingNew.listPages()).isEqualTo(1);
        assertThat(listHits("/b/")).containsExactly("/b/list?page=1");
    }

    @Test
    void maxListPagesLimitsPaging() throws Exception {
        notices(1, 2, 3, 4, 5);
        html("/a/index.html", links(2, 1) + "<script>createPageHTML(3, 0, \"index\", \"html\");</script>");
        html("/a/index_1.html", links(4, 3) + "<script>createPageHTML(3, 1, \"index\", \"html\");</script>");
        html("/a/index_2.html", links(5) + "<script>createPageHTML(3, 2, \"index\", \"html\");</script>");

        CrawlReport report = crawler.crawl(site("/a/index.html", 2));

        assertThat(report.listPages()).isEqualTo(2);
        assertThat(listHits("/a/")).containsExactly("/a/index.html", "/a/index_1.html");
        assertThat(report.published()).isEqualTo(4);
    }

    @Test
    void aPagingLoopEnds() throws Exception {
        notices(1, 2);
        html("/l/one.html", links(1) + "<a href=\"two.html\">下一页</a>");
        html("/l/two.html", links(2) + "<a href=\"one.html\">下一页</a>");

        CrawlReport report = crawler.crawl(site("/l/one.html", 10));

        assertThat(report.listPages()).isEqualTo(2);
        assertThat(report.published()).isEqualTo(2);
    }

    @Test
    void sitemapsAndFeedsAddNoticeUrls() throws Exception {
        notices(1, 2, 3, 4);
        html("/x/index.html", links(1));
        String base = server.uri("").toString();
        server.on(
                "/sitemap.xml",
                Answer.of(
                        200,
                        "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                                + "<sitemap><loc>" + base + "/sitemap-1.xml</loc></sitemap></sitemapindex>",
                        "Content-Type",
                        "application/xml"));
        server.on(
                "/sitemap-1.xml",
                Answer.of(
                        200,
                        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                                + "<url><loc>" + base + "/n/2.html</loc></url><url><loc>" + base
                                + "/n/1.html</loc></url></urlset>",
                        "Content-Type",
                        "application/xml"));
        server.on(
                "/rss.xml",
                Answer.of(
                        200,
                        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>" + base
                                + "/</link><item><title>3</title><link>" + base + "/n/3.html</link></item>"
                                + "<item><title>4</title><link>" + base + "/n/4.html</link></item></channel></rss>",
                        "Content-Type",
                        "application/rss+xml"));

        CrawlReport report = crawler.crawl(site("/x/index.html", 10, List.of("/sitemap.xml", "/rss.xml")));

        assertThat(report.listPages()).isEqualTo(4);
        assertThat(report.published()).isEqualTo(4);
        assertThat(publishedPaths()).containsExactly("/n/1.html", "/n/2.html", "/n/3.html", "/n/4.html");
    }

    /**
     * A {@code dataproxy.jsp} endpoint on its own server (it answers by query window): 7 records, newest first,
     * notice i at record 8 - i.
     */
    private com.sun.net.httpserver.HttpServer recordsetServer(List<Long> starts) throws Exception {
        com.sun.net.httpserver.HttpServer http =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        int total = 7;
        http.createContext("/module/jpage/dataproxy.jsp", exchange -> {
            java.util.Map<String, String> q = new java.util.HashMap<>();
            for (String pair : exchange.getRequestURI().getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            long start = Long.parseLong(q.get("startrecord"));
            long perPage = Long.parseLong(q.get("perpage"));
            starts.add(start);
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><datastore><totalrecord>")
                    .append(total)
                    .append("</totalrecord><recordset>");
            for (long r = start; r < start + perPage && r <= total; r++) {
                xml.append("<record><![CDATA[<li><a href=\"/n/")
                        .append(total + 1 - r)
                        .append(".html\">通知</a></li>]]></record>");
            }
            xml.append("</recordset></datastore>");
            send(exchange, "text/xml; charset=utf-8", xml.toString());
        });
        http.createContext("/n/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String id = path.substring(3, path.length() - ".html".length());
            send(
                    exchange,
                    "text/html; charset=utf-8",
                    "<html><body><table><tr><td>索引号：</td><td>X/2023-" + id + "</td><td>发布机构：</td>"
                            + "<td>某局</td></tr></table><p>通知正文 " + id + "</p></body></html>");
        });
        http.start();
        return http;
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, String type, String body)
            throws java.io.IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Site recordsetSite(com.sun.net.httpserver.HttpServer http, int maxListPages) {
        String list = "http://127.0.0.1:" + http.getAddress().getPort()
                + "/module/jpage/dataproxy.jsp?startrecord=1&endrecord=3&perpage=3&columnid=42";
        return TestConfigs.site("r", List.of(list), true, 500, maxListPages, List.of());
    }

    @Test
    void dataproxyRecordsetIsPagedNewestFirstAndStopsAtNothingNew() throws Exception {
        List<Long> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer http = recordsetServer(starts);
        try {
            CrawlReport first = crawler.crawl(recordsetSite(http, 10));

            assertThat(starts).containsExactly(1L, 4L, 7L);
            assertThat(first.listPages()).isEqualTo(3);
            assertThat(first.published()).isEqualTo(7);
            assertThat(publishedPaths())
                    .containsExactly(
                            "/n/7.html", "/n/6.html", "/n/5.html", "/n/4.html", "/n/3.html", "/n/2.html", "/n/1.html");

            starts.clear();
            CrawlReport second = crawler.crawl(recordsetSite(http, 10));

            // The first window brings nothing new: paging stops there.
            assertThat(starts).containsExactly(1L);
            assertThat(second.listPages()).isEqualTo(1);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void dataproxyRecordsetPagingStopsAtMaxListPages() throws Exception {
        List<Long> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer http = recordsetServer(starts);
        try {
            CrawlReport report = crawler.crawl(recordsetSite(http, 2));

            assertThat(starts).containsExactly(1L, 4L);
            assertThat(report.published()).isEqualTo(6);
        } finally {
            http.stop(0);
        }
    }

    /**
     * A Hanweb-style {@code dataproxy.jsp} answering groups by {@code page}: three groups of two records, newest
     * first (notice i in group (7 - i + 1) / 2), each naming the next in {@code <nextgroup>}, the last one empty.
     */
    private com.sun.net.httpserver.HttpServer nextGroupServer(List<Integer> pages) throws Exception {
        com.sun.net.httpserver.HttpServer http =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/module/web/jpage/dataproxy.jsp", exchange -> {
            int page = Integer.parseInt(exchange.getRequestURI().getQuery().replaceAll(".*\\bpage=(\\d+).*", "$1"));
            pages.add(page);
            StringBuilder xml =
                    new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><datastore><nextgroup><![CDATA[");
            if (page < 3) {
                xml.append("<a href=\"/module/web/jpage/dataproxy.jsp?page=")
                        .append(page + 1)
                        .append("&webid=1&columnid=4411\"></a>");
            }
            xml.append("]]></nextgroup><recordset>");
            for (int i = 7 - 2 * page; i > 5 - 2 * page; i--) {
                xml.append("<record><![CDATA[<li><a href=\"/n/").append(i).append(".html\">通知</a></li>]]></record>");
            }
            xml.append("</recordset></datastore>");
            send(exchange, "text/xml; charset=utf-8", xml.toString());
        });
        http.createContext("/n/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String id = path.substring(3, path.length() - ".html".length());
            send(
                    exchange,
                    "text/html; charset=utf-8",
                    "<html><body><table><tr><td>索引号：</td><td>X/2023-" + id + "</td><td>发布机构：</td>"
                            + "<td>某局</td></tr></table><p>通知正文 " + id + "</p></body></html>");
        });
        http.start();
        return http;
    }

    private static Site nextGroupSite(com.sun.net.httpserver.HttpServer http, int maxListPages) {
        return TestConfigs.site(
                "g",
                List.of("http://127.0.0.1:" + http.getAddress().getPort()
                        + "/module/web/jpage/dataproxy.jsp?page=1&webid=1&columnid=4411"),
                true,
                500,
                maxListPages,
                List.of());
    }

    @Test
    void recordsetNextGroupsAreFollowedUntilTheLastAndThenOnlyWhileNew() throws Exception {
        List<Integer> pages = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer http = nextGroupServer(pages);
        try {
            CrawlReport first = crawler.crawl(nextGroupSite(http, 10));

            assertThat(pages).containsExactly(1, 2, 3);
            assertThat(first.listPages()).isEqualTo(3);
            assertThat(publishedPaths())
                    .containsExactly("/n/5.html", "/n/4.html", "/n/3.html", "/n/2.html", "/n/1.html", "/n/0.html");

            pages.clear();
            CrawlReport second = crawler.crawl(nextGroupSite(http, 10));

            assertThat(pages).containsExactly(1);
            assertThat(second.listPages()).isEqualTo(1);
            assertThat(second.published()).isZero();
        } finally {
            http.stop(0);
        }
    }

    @Test
    void recordsetNextGroupsStopAtMaxListPages() throws Exception {
        List<Integer> pages = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer http = nextGroupServer(pages);
        try {
            CrawlReport report = crawler.crawl(nextGroupSite(http, 2));

            assertThat(pages).containsExactly(1, 2);
            assertThat(report.published()).isEqualTo(4);
        } finally {
            http.stop(0);
        }
    }
}
