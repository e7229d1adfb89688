package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.AddressGuard;
import org.gongkai.ingest.fetch.FakeResolver;
import org.gongkai.ingest.fetch.FakeTransport;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.ingest.fetch.RobotsPolicy;
import org.gongkai.ingest.publish.NoticePublisher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Notices served as text (issue 13) and with a charset header the bytes contradict (issue 12): a list page links
 * to the seed as a {@code .txt} file, to an HTML page holding it in a {@code <pre>}, to a notice page declared
 * {@code charset=utf-8} whose bytes are GB18030, and to a text file that is no notice.
 */
class TextPageCrawlTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private static final String BASE = "http://mirror.test";
    private static final String LIST = BASE + "/list.html";
    private static final String TEXT = BASE + "/mirror/000_dfb611d724c5a3ca.txt";
    private static final String PRE = BASE + "/mirror/000_dfb611d724c5a3ca.html";
    private static final String LYING = BASE + "/xxgk/t20231120_3003.html";
    private static final String README = BASE + "/readme.txt";
    private static final String SEED = resource("seed/000_dfb611d724c5a3ca.txt");
    private static final String GB_NOTICE = "<html><head><title>关于做好2023年冬季清洁取暖工作的通知</title></head><body>"
            + "<table><tr><td>索引号：</td><td>ncsdhqzfb/2023-00301</td><td>发布机构：</td><td>东湖区人民政府办公室</td></tr>"
            + "</table><div class=\"TRS_Editor\"><p>各街道办事处，区政府各部门：为做好今冬明春清洁取暖工作，现将有关事项通知如下。</p></div>"
            + "</body></html>";

    private final FakeTransport transport = new FakeTransport();
    private final List<RawNotice> published = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private SiteCrawler crawler;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        MinDelayPoliteness politeness = new MinDelayPoliteness(TestConfigs.politeness(Duration.ZERO), meters);
        HttpFetcher fetcher = new HttpFetcher(
                transport,
                new AddressGuard(new FakeResolver().map("mirror.test", "93.184.216.34")),
                politeness,
                TestConfigs.fetch(Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofMegabytes(1), 5),
                "Gongkai/test",
                meters,
                clock);
        RobotsPolicy robots =
                new RobotsPolicy(fetcher, politeness, TestConfigs.robots(), "Gongkai/test", meters, clock);
        NoticePublisher publisher = new NoticePublisher() {
            @Override
            public void publish(RawNotice notice) {
                published.add(notice);
            }

            @Override
            public void publishTombstone(String noticeId) {}
        };
        crawler = new SiteCrawler(
                fetcher, robots, publisher, new InMemoryCrawlState(), TestConfigs.state(), meters, clock);
        transport.respond(LIST, 200, utf8("""
                <html><body><ul>
                <li><a href="/mirror/000_dfb611d724c5a3ca.txt">纯文本</a></li>
                <li><a href="/mirror/000_dfb611d724c5a3ca.html">镜像</a></li>
                <li><a href="/xxgk/t20231120_3003.html">通知</a></li>
                <li><a href="/readme.txt">说明</a></li>
                </ul></body></html>"""), "Content-Type", "text/html");
        transport.respond(TEXT, 200, utf8(SEED), "Content-Type", "text/plain; charset=utf-8");
        transport.respond(
                PRE,
                200,
                utf8("<html><body><pre>" + org.jsoup.nodes.Entities.escape(SEED) + "</pre></body></html>"),
                "Content-Type",
                "text/html; charset=utf-8");
        transport.respond(
                LYING, 200, GB_NOTICE.getBytes(Charset.forName("GB18030")), "Content-Type", "text/html; charset=utf-8");
        transport.respond(README, 200, utf8("本站内容均转载自互联网。\n"), "Content-Type", "text/plain");
    }

    @Test
    void textPagesAreFetchedAndPublishedAndOtherTextIsSkipped() throws Exception {
        CrawlReport report = crawler.crawl(TestConfigs.site("mirror", List.of(LIST), false, 50));

        assertThat(transport.requestedUris()).extracting(Object::toString).contains(TEXT, PRE, LYING, README);
        assertThat(report.published()).isEqualTo(3);
        assertThat(report.skipped()).isEqualTo(1);
        Map<String, RawNotice> byUrl =
                published.stream().collect(Collectors.toMap(RawNotice::url, Function.identity()));
        RawNotice text = byUrl.get(TEXT);
        assertThat(text.contentType()).isEqualTo("text/plain");
        assertThat(text.body()).isEqualTo(SEED);
        assertThat(text.charset()).isEqualTo("UTF-8");
        assertThat(text.charsetSource()).isEqualTo("header");
        assertThat(byUrl.get(PRE).contentType()).isEqualTo("text/html");
    }

    @Test
    void aPageServedAsUtf8WhoseBytesAreGb18030IsPublishedWithTheRightText() throws Exception {
        crawler.crawl(TestConfigs.site("mirror", List.of(LIST), false, 50));

        RawNotice lying = published.stream()
                .filter(n -> n.url().equals(LYING))
                .findFirst()
                .orElseThrow();
        assertThat(lying.body()).isEqualTo(GB_NOTICE);
        assertThat(lying.charset()).isEqualTo("GB18030");
        assertThat(lying.charsetSource()).isEqualTo("detected");
        assertThat(lying.headers()).containsEntry("content-type", "text/html; charset=utf-8");
    }

    @Test
    void aTextFileServedAsUtf8WhoseBytesAreGb18030IsReadRight() throws Exception {
        String simplified = SEED.replaceAll("\\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\\)", "");
        transport.respond(
                TEXT,
                200,
                simplified.getBytes(Charset.forName("GB18030")),
                "Content-Type",
                "text/plain; charset=utf-8");

        crawler.crawl(TestConfigs.site("mirror", List.of(LIST), false, 50));

        RawNotice text =
                published.stream().filter(n -> n.url().equals(TEXT)).findFirst().orElseThrow();
        assertThat(text.body()).isEqualTo(new String(simplified.getBytes(Charset.forName("GB18030")), "GB18030"));
        assertThat(text.charsetSource()).isEqualTo("detected");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String resource(String name) {
        try (InputStream in = TextPageCrawlTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
