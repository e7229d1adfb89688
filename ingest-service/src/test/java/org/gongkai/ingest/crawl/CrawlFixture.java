package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.AddressGuard;
import org.gongkai.ingest.fetch.FakeResolver;
import org.gongkai.ingest.fetch.FakeTransport;
import org.gongkai.ingest.fetch.HostResolver;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.JdkHttpTransport;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.ingest.fetch.RobotsPolicy;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.util.unit.DataSize;

/**
 * A site on a fake network for the crawl's tests: a list page linking two notices (N1 UTF-8 with an ETag and an
 * attachment link, N2 GB2312), an ordinary page, a broken link (500), a PDF and another host; a recording publisher
 * and an in-memory crawl state. The Kafka side is covered by CrawlIT.
 */
abstract class CrawlFixture {

    static final Instant NOW = Instant.parse("2026-03-04T05:06:07.654321Z");
    static final String BASE = "http://portal.test";
    static final String LIST = BASE + "/xxgk/index.html";
    static final String N1 = BASE + "/xxgk/202311/t20231120_3003.html";
    static final String N2 = BASE + "/xxgk/202310/t20231015_2002.html";
    static final Charset GBK = Charset.forName("GBK");

    final FakeTransport transport = new FakeTransport();
    final FakeResolver resolver = new FakeResolver().map("portal.test", "93.184.216.34");
    final RecordingPublisher publisher = new RecordingPublisher();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final InMemoryCrawlState state = new InMemoryCrawlState();
    SiteCrawler crawler;
    HttpFetcher fetcher;
    RobotsPolicy robots;

    @BeforeEach
    void setUp() {
        MinDelayPoliteness politeness = new MinDelayPoliteness(TestConfigs.politeness(Duration.ZERO), meters);
        fetcher = new HttpFetcher(
                transport,
                new AddressGuard(resolver),
                politeness,
                TestConfigs.fetch(Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofMegabytes(1), 5),
                "Gongkai/test",
                meters,
                Clock.fixed(NOW, ZoneOffset.UTC));
        robots = new RobotsPolicy(
                fetcher, politeness, TestConfigs.robots(), "Gongkai/test", meters, Clock.fixed(NOW, ZoneOffset.UTC));
        crawler = new SiteCrawler(
                fetcher, robots, publisher, state, TestConfigs.state(), meters, Clock.fixed(NOW, ZoneOffset.UTC));
        transport.respond(LIST, 200, utf8("""
                <html><body><ul>
                <li><a href="/xxgk/202311/t20231120_3003.html">通知</a></li>
                <li><a href="202310/t20231015_2002.html">公告</a></li>
                <li><a href="/about.html">网站介绍</a></li>
                <li><a href="/broken.html">坏链接</a></li>
                <li><a href="/files/a.pdf">附件</a></li>
                <li><a href="http://elsewhere.test/x.html">外站</a></li>
                </ul></body></html>"""), "Content-Type", "text/html");
        transport.respond(
                N1,
                200,
                utf8(notice("通知正文", "ncsdhqzfb/2023-00301") + "<a href=\"/files/W020231120.pdf\">附件1</a>"),
                "Content-Type",
                "text/html; charset=utf-8",
                "ETag",
                "\"n1\"",
                "Server",
                "nginx");
        transport.respond(
                N2,
                200,
                ("<html><head><meta charset=\"gb2312\"></head><body>" + notice("招聘公告正文", "ncsdhqwsjkw/2023-00112")
                                + "</body></html>")
                        .getBytes(GBK),
                "Content-Type",
                "text/html");
        transport.respond(BASE + "/about.html", 200, utf8("<html><body><h1>网站介绍</h1></body></html>"));
        transport.respond(BASE + "/broken.html", 500, utf8("error"));
    }

    /** A crawler with these revisit bounds, on {@code clock}. */
    SiteCrawler crawler(Duration revisitMin, Duration revisitMax, Clock clock) {
        IngestProperties.State revisits = TestConfigs.state("s", Duration.ofMinutes(1), revisitMin, revisitMax);
        return new SiteCrawler(fetcher, robots, publisher, state, revisits, meters, clock);
    }

    /**
     * A crawler of real HTTP servers on loopback (the system resolver, the JDK transport, no politeness delay) with
     * these revisit bounds, on {@code clock}: the set-up of the tests that run a {@code ScriptedServer}.
     */
    static SiteCrawler loopbackCrawler(
            SimpleMeterRegistry meters,
            NoticePublisher publisher,
            CrawlState state,
            IngestProperties.State revisits,
            Clock clock) {
        return loopbackCrawler(
                meters,
                publisher,
                state,
                revisits,
                clock,
                TestConfigs.fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), DataSize.ofMegabytes(1), 5),
                TestConfigs.politeness(Duration.ZERO));
    }

    /**
     * A loopback crawler of the host-fault tests: known notices due again after an hour, two retries a fetch, and
     * this politeness (see {@link TestConfigs#pausing}).
     */
    static SiteCrawler faultingCrawler(
            NoticePublisher publisher, CrawlState state, Clock clock, IngestProperties.Politeness politeness) {
        return loopbackCrawler(
                new SimpleMeterRegistry(),
                publisher,
                state,
                TestConfigs.state("s", Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)),
                clock,
                TestConfigs.fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), DataSize.ofMegabytes(1), 5, 2),
                politeness);
    }

    /** As {@link #loopbackCrawler(SimpleMeterRegistry, NoticePublisher, CrawlState, IngestProperties.State, Clock)}
     * with these fetch and politeness settings (retries, backoffs). */
    static SiteCrawler loopbackCrawler(
            SimpleMeterRegistry meters,
            NoticePublisher publisher,
            CrawlState state,
            IngestProperties.State revisits,
            Clock clock,
            IngestProperties.Fetch fetch,
            IngestProperties.Politeness politenessConfig) {
        MinDelayPoliteness politeness = new MinDelayPoliteness(politenessConfig, meters);
        HttpFetcher fetcher = new HttpFetcher(
                new JdkHttpTransport(Duration.ofSeconds(2)),
                new AddressGuard(HostResolver.SYSTEM),
                politeness,
                fetch,
                "Gongkai/test",
                meters,
                clock);
        RobotsPolicy robots =
                new RobotsPolicy(fetcher, politeness, TestConfigs.robots(), "Gongkai/test", meters, clock);
        return new SiteCrawler(fetcher, robots, publisher, state, revisits, meters, clock);
    }

    static Site site(int maxPages) {
        return TestConfigs.site("dhq", List.of(LIST), false, maxPages);
    }

    /** Requests other than robots.txt. */
    List<java.net.URI> pageRequests() {
        return transport.requestedUris().stream()
                .filter(u -> !u.getPath().equals("/robots.txt"))
                .toList();
    }

    byte[] transportBody(String url) throws Exception {
        return transport
                .exchange(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .build(),
                        1 << 20,
                        Duration.ofSeconds(1))
                .body();
    }

    /** A list page's body: a {@code <ul>} of links to {@code hrefs}, in this order. */
    static String listHtml(String... hrefs) {
        StringBuilder html = new StringBuilder("<ul>");
        for (String href : hrefs) {
            html.append("<li><a href=\"").append(href).append("\">链接</a></li>");
        }
        return html.append("</ul>").toString();
    }

    static String notice(String body, String indexNumber) {
        return "<table><tr><td>索 引 号：</td><td>" + indexNumber + "</td><td>发布机构：</td><td>东湖区人民政府办公室</td></tr>"
                + "<tr><td>有　效　性：</td><td>有效</td></tr></table><div class=\"TRS_Editor\"><p>" + body
                + "</p></div>";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static final class RecordingPublisher implements NoticePublisher {
        final List<RawNotice> notices = new ArrayList<>();
        final List<String> tombstones = new ArrayList<>();
        PublishException failure;

        @Override
        public void publish(RawNotice notice) throws PublishException {
            if (failure != null) {
                throw failure;
            }
            notices.add(notice);
        }

        @Override
        public void publishTombstone(String noticeId) throws PublishException {
            if (failure != null) {
                throw failure;
            }
            tombstones.add(noticeId);
        }
    }
}
