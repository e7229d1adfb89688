package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.attach.AttachmentCollector;
import org.gongkai.ingest.attach.AttachmentText;
import org.gongkai.ingest.attach.Documents;
import org.gongkai.ingest.fetch.AddressGuard;
import org.gongkai.ingest.fetch.FakeResolver;
import org.gongkai.ingest.fetch.FakeTransport;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.ingest.fetch.RobotsPolicy;
import org.gongkai.ingest.site.AttachmentProperties;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.EventSchemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.xml.sax.ContentHandler;

/**
 * Attachments of notices through the crawler, against a fake network (no packet at all; host names resolve to
 * public-looking addresses or, for the SSRF case, to 10.0.0.1) with the real Tika parsers on documents the test
 * writes. The same path over real sockets and Kafka is in CrawlIT.
 */
class AttachmentCrawlTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private static final String BASE = "http://portal.test";
    private static final String LIST = BASE + "/xxgk/index.html";
    private static final String NOTICE = BASE + "/xxgk/202311/t20231120_3003.html";
    private static final int MAX_BYTES = 64 * 1024;

    private final FakeTransport transport = new FakeTransport();
    private final FakeResolver resolver = new FakeResolver()
            .map("portal.test", "93.184.216.34")
            .map("files.test", "93.184.216.35")
            .map("intranet.test", "10.0.0.1");
    private final CrawlFixture.RecordingPublisher publisher = new CrawlFixture.RecordingPublisher();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private AttachmentCollector collector;

    @AfterEach
    void close() {
        if (collector != null) {
            collector.close();
        }
    }

    private SiteCrawler crawler(AttachmentProperties config, Parser parser) {
        MinDelayPoliteness politeness = new MinDelayPoliteness(TestConfigs.politeness(Duration.ZERO), meters);
        HttpFetcher fetcher = new HttpFetcher(
                transport,
                new AddressGuard(resolver),
                politeness,
                TestConfigs.fetch(Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofMegabytes(1), 5),
                "Gongkai/test",
                meters,
                Clock.fixed(NOW, ZoneOffset.UTC));
        AttachmentText text = parser == null
                ? new AttachmentText(
                        config.contentTypes(),
                        config.maxTextChars(),
                        config.parseTimeout(),
                        config.parseThreads(),
                        meters)
                : new AttachmentText(
                        parser,
                        config.contentTypes(),
                        config.maxTextChars(),
                        config.parseTimeout(),
                        config.parseThreads(),
                        meters);
        collector = new AttachmentCollector(config, text, Duration.ofMinutes(2), meters);
        return new SiteCrawler(
                HostAssignment.ALL,
                fetcher,
                new RobotsPolicy(
                        fetcher,
                        politeness,
                        TestConfigs.robots(),
                        "Gongkai/test",
                        meters,
                        Clock.fixed(NOW, ZoneOffset.UTC)),
                publisher,
                state,
                TestConfigs.state(),
                collector,
                meters,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static AttachmentProperties config(
            int maxCount, int maxTextChars, int maxTotalTextChars, Duration parseTimeout) {
        AttachmentProperties d = AttachmentProperties.defaults();
        return new AttachmentProperties(
                true,
                maxCount,
                DataSize.ofBytes(MAX_BYTES),
                maxTextChars,
                maxTotalTextChars,
                d.readTimeout(),
                parseTimeout,
                1,
                d.cacheMaxChars(),
                d.extensions(),
                d.contentTypes(),
                AttachmentProperties.ParseMode.IN_PROCESS,
                d.childHeap(),
                d.childIdleTimeout());
    }

    private static AttachmentProperties config() {
        return config(20, 100_000, 1_000_000, Duration.ofSeconds(30));
    }

    private static Site site() {
        return TestConfigs.site("dhq", List.of(LIST), false, 500);
    }

    private void notice(String body, String... links) {
        StringBuilder html = new StringBuilder("<html><head><meta charset=\"utf-8\"></head><body>"
                + "<table><tr><td>索 引 号：</td><td>ncsdhqzfb/2023-00301</td><td>发布机构：</td><td>东湖区人民政府办公室</td>"
                + "</tr></table><div class=\"TRS_Editor\"><p>" + body + "</p>");
        for (int i = 0; i < links.length; i += 2) {
            html.append("<p><a href=\"")
                    .append(links[i])
                    .append("\">")
                    .append(links[i + 1])
                    .append("</a></p>");
        }
        transport.respond(
                NOTICE,
                200,
                html.append("</div></body></html>").toString().getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "text/html");
    }

    private void file(String url, byte[] body, String contentType, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = contentType;
        System.arraycopy(headers, 0, all, 2, headers.length);
        transport.respond(url, 200, body, all);
    }

    private Map<String, RawNotice.Attachment> attachmentsByName(RawNotice notice) {
        return notice.attachments().stream().collect(Collectors.toMap(RawNotice.Attachment::name, Function.identity()));
    }

    private List<String> requested(String pathPart) {
        return transport.requestedUris().stream()
                .map(Object::toString)
                .filter(u -> u.contains(pathPart))
                .toList();
    }

    private double attachments(String outcome) {
        var counter = meters.find("gongkai.ingest.attachments")
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void attachmentsAreFetchedTheirTextExtractedAndEveryFailureRecordedOnItsOwn() throws Exception {
        transport.respond(LIST, 200, ("<a href=\"" + NOTICE + "\">通知</a>").getBytes(StandardCharsets.UTF_8));
        transport.respond(
                BASE + "/robots.txt",
                200,
                "User-agent: *\nDisallow: /private/\n".getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "text/plain");
        notice(
                "通知正文",
                "/files/a.pdf",
                "实施方案",
                "http://files.test/up/b.docx",
                "政策解读",
                "/files/c.wps",
                "WPS 文字附件",
                "/files/d.et",
                "WPS 表格附件",
                "/files/e.xlsx",
                "岗位表",
                "/files/big.docx",
                "大附件",
                "/files/bad.pdf",
                "损坏的附件",
                "/private/secret.pdf",
                "内部附件",
                "http://intranet.test/leak.pdf",
                "内网附件",
                "/files/missing.doc",
                "丢失的附件",
                "/files/map.ofd",
                "版式文件",
                "/files/page.pdf",
                "其实是网页");
        file(BASE + "/files/a.pdf", Documents.pdf("Implementation plan for clean heating"), "application/pdf");
        file("http://files.test/up/b.docx", Documents.docx("关于清洁取暖政策的解读"), "application/msword");
        file(BASE + "/files/c.wps", Documents.docx("WPS 文字正文"), "application/octet-stream");
        file(BASE + "/files/d.et", Documents.xls("岗位代码", "编外工作人员"), "application/octet-stream");
        file(BASE + "/files/e.xlsx", Documents.xlsx("护士", "医生"), "application/vnd.ms-excel");
        // Random characters: a DOCX is a zip, and repeated text would compress below the cap.
        java.util.Random random = new java.util.Random(42);
        StringBuilder noise = new StringBuilder();
        for (int i = 0; i < 80_000; i++) {
            noise.append((char) (0x4e00 + random.nextInt(2000)));
        }
        String bigText = noise.toString();
        byte[] big = Documents.docx(bigText);
        assertThat(big.length).isGreaterThan(MAX_BYTES);
        file(BASE + "/files/big.docx", big, "application/octet-stream");
        file(BASE + "/files/bad.pdf", Documents.corruptPdf(), "application/pdf");
        file(BASE + "/private/secret.pdf", Documents.pdf("secret"), "application/pdf");
        file("http://intranet.test/leak.pdf", Documents.pdf("internal"), "application/pdf");
        file(BASE + "/files/map.ofd", new byte[] {1, 2, 3}, "application/ofd");
        file(BASE + "/files/page.pdf", "<html><body>文件已删除</body></html>".getBytes(StandardCharsets.UTF_8), "text/html");

        CrawlReport report = crawler(config(), null).crawl(site());

        assertThat(report.published()).isEqualTo(1);
        assertThat(report.failed()).isZero();
        RawNotice notice = publisher.notices.get(0);
        assertThat(notice.attachments())
                .extracting(RawNotice.Attachment::url)
                .containsExactly(
                        BASE + "/files/a.pdf",
                        "http://files.test/up/b.docx",
                        BASE + "/files/c.wps",
                        BASE + "/files/d.et",
                        BASE + "/files/e.xlsx",
                        BASE + "/files/big.docx",
                        BASE + "/files/bad.pdf",
                        BASE + "/private/secret.pdf",
                        "http://intranet.test/leak.pdf",
                        BASE + "/files/missing.doc",
                        BASE + "/files/map.ofd",
                        BASE + "/files/page.pdf");
        Map<String, RawNotice.Attachment> byName = attachmentsByName(notice);

        assertThat(byName.get("实施方案")).satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.text()).contains("Implementation plan for clean heating");
            assertThat(a.truncated()).isFalse();
            assertThat(a.error()).isNull();
        });
        assertThat(byName.get("政策解读").text()).contains("关于清洁取暖政策的解读");
        assertThat(byName.get("WPS 文字附件").text()).contains("WPS 文字正文");
        assertThat(byName.get("WPS 表格附件")).as("%s", byName.get("WPS 表格附件")).satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("application/vnd.ms-excel");
            assertThat(a.text()).contains("编外工作人员");
        });
        assertThat(byName.get("岗位表").text()).contains("护士", "医生");
        assertThat(byName.get("大附件")).satisfies(a -> {
            // A DOCX cut short has lost its zip directory: it cannot be opened, and the cut is given as the reason.
            assertThat(a.truncated()).isTrue();
            assertThat(a.text()).isNull();
            assertThat(a.error()).startsWith("file cut at max-bytes (" + MAX_BYTES + " bytes); text extraction failed");
        });
        assertThat(byName.get("损坏的附件")).satisfies(a -> {
            assertThat(a.text()).isNull();
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.error()).startsWith("text extraction failed:");
        });
        assertThat(byName.get("内部附件").error()).isEqualTo("not fetched: disallowed by robots.txt");
        assertThat(byName.get("内网附件").error()).startsWith("refused: ").contains("10.0.0.1");
        assertThat(byName.get("丢失的附件").error()).isEqualTo("HTTP 404");
        assertThat(byName.get("版式文件").error()).isEqualTo("not fetched: .ofd is not in attachments.extensions");
        assertThat(byName.get("其实是网页").error()).isEqualTo("unsupported content type text/html");

        // Nothing was sent for the disallowed, refused or not enabled ones; no robots.txt for the refused host.
        assertThat(requested("/private/")).isEmpty();
        assertThat(requested("intranet.test")).isEmpty();
        assertThat(resolver.lookups).contains("intranet.test");
        assertThat(requested(".ofd")).isEmpty();
        assertThat(requested("files.test"))
                .containsExactly("http://files.test/robots.txt", "http://files.test/up/b.docx");

        assertThat(report.attachments()).isEqualTo(5);
        assertThat(report.attachmentsFailed()).isEqualTo(6);
        assertThat(attachments("extracted")).isEqualTo(5);
        assertThat(attachments("failed")).isEqualTo(5);
        assertThat(attachments("denied")).isEqualTo(1);
        assertThat(attachments("skipped")).isEqualTo(1);
        assertThat(meters.get("gongkai.ingest.attachment.bytes").summary().count())
                .isEqualTo(8);
        assertThat(meters.get("gongkai.ingest.fetch.errors")
                        .tag("kind", "blocked-address")
                        .counter()
                        .count())
                .isEqualTo(1);
        // The event with its attachments keeps to the contract.
        EventSchemas.assertValid(
                EventSchemas.RAW_NOTICE_V1, EventCodec.instance().write(notice));
    }

    @Test
    void atMostMaxCountAttachmentsAreFetched() throws Exception {
        transport.respond(LIST, 200, ("<a href=\"" + NOTICE + "\">通知</a>").getBytes(StandardCharsets.UTF_8));
        notice("正文", "/f/1.docx", "一", "/f/2.docx", "二", "/f/3.docx", "三");
        for (int i = 1; i <= 3; i++) {
            file(BASE + "/f/" + i + ".docx", Documents.docx("附件" + i), "application/msword");
        }

        crawler(config(2, 100_000, 1_000_000, Duration.ofSeconds(30)), null).crawl(site());

        assertThat(publisher.notices.get(0).attachments())
                .extracting(RawNotice.Attachment::text, RawNotice.Attachment::error)
                .containsExactly(
                        tuple("附件1", null),
                        tuple("附件2", null),
                        tuple(null, "not fetched: more than max-count (2) attachments"));
        assertThat(requested("/f/")).containsExactly(BASE + "/f/1.docx", BASE + "/f/2.docx");
    }

    @Test
    void theNoticeTextBudgetCutsAndThenStopsFetching() throws Exception {
        transport.respond(LIST, 200, ("<a href=\"" + NOTICE + "\">通知</a>").getBytes(StandardCharsets.UTF_8));
        notice("正文", "/f/1.docx", "一", "/f/2.docx", "二", "/f/3.docx", "三");
        for (int i = 1; i <= 3; i++) {
            file(BASE + "/f/" + i + ".docx", Documents.docx(String.valueOf(i).repeat(300)), "application/msword");
        }

        crawler(config(20, 100_000, 500, Duration.ofSeconds(30)), null).crawl(site());

        List<RawNotice.Attachment> list = publisher.notices.get(0).attachments();
        assertThat(list.get(0).text()).hasSize(300);
        assertThat(list.get(0).truncated()).isFalse();
        // 500 characters for the notice: the second one is cut to the 200 left, the third not fetched.
        assertThat(list.get(1).text()).isEqualTo("2".repeat(200));
        assertThat(list.get(1).truncated()).isTrue();
        assertThat(list.get(2).text()).isNull();
        assertThat(list.get(2).error()).contains("text budget").contains("used up");
        assertThat(list.get(2).truncated()).isTrue();
        assertThat(requested("/f/")).containsExactly(BASE + "/f/1.docx", BASE + "/f/2.docx");
    }

    @Test
    void aParseThatHangsTimesOutAndTheNoticeIsStillPublished() throws Exception {
        transport.respond(LIST, 200, ("<a href=\"" + NOTICE + "\">通知</a>").getBytes(StandardCharsets.UTF_8));
        notice("正文", "/files/slow.pdf", "慢附件");
        file(BASE + "/files/slow.pdf", Documents.pdf("slow"), "application/pdf");
        CountDownLatch release = new CountDownLatch(1);
        Parser hanging = new Parser() {
            @Override
            public Set<MediaType> getSupportedTypes(ParseContext context) {
                return Set.of(MediaType.application("pdf"));
            }

            @Override
            public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
                    throws java.io.IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        };
        try {
            CrawlReport report = crawler(config(20, 1000, 1000, Duration.ofMillis(200)), hanging)
                    .crawl(site());

            assertThat(report.published()).isEqualTo(1);
            assertThat(publisher.notices.get(0).attachments()).singleElement().satisfies(a -> {
                assertThat(a.text()).isNull();
                assertThat(a.error()).isEqualTo("text extraction timed out after PT0.2S");
            });
            assertThat(report.attachmentsFailed()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void unchangedNoticesDoNotRefetchAttachmentsAndChangedOnesAskConditionally() throws Exception {
        transport.respond(LIST, 200, ("<a href=\"" + NOTICE + "\">通知</a>").getBytes(StandardCharsets.UTF_8));
        notice("第一版", "/files/a.docx", "附件");
        file(
                BASE + "/files/a.docx",
                Documents.docx("附件正文第一版"),
                "application/msword",
                "ETag",
                "\"a-1\"",
                "Last-Modified",
                "Mon, 20 Nov 2023 08:00:00 GMT");
        SiteCrawler crawler = crawler(config(), null);
        crawler.crawl(site());
        assertThat(requested("/files/a.docx")).hasSize(1);

        // The notice is unchanged: not republished, its attachment not asked for.
        CrawlReport unchanged = crawler.crawl(site());
        assertThat(unchanged.unchanged()).isEqualTo(1);
        assertThat(requested("/files/a.docx")).hasSize(1);

        // The notice changed, its attachment not (304): one conditional GET, the text reused.
        notice("第二版", "/files/a.docx", "附件");
        transport.respond(BASE + "/files/a.docx", 304, new byte[0], "ETag", "\"a-1\"");
        CrawlReport changed = crawler.crawl(site());

        assertThat(changed.published()).isEqualTo(1);
        HttpRequest conditional = transport.requests.stream()
                .filter(r -> r.uri().toString().endsWith("/files/a.docx"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(conditional.headers().firstValue("If-None-Match")).contains("\"a-1\"");
        assertThat(conditional.headers().firstValue("If-Modified-Since")).contains("Mon, 20 Nov 2023 08:00:00 GMT");
        assertThat(publisher.notices).hasSize(2);
        assertThat(publisher.notices.get(1).attachments()).singleElement().satisfies(a -> {
            assertThat(a.text()).contains("附件正文第一版");
            assertThat(a.error()).isNull();
        });
        assertThat(attachments("reused")).isEqualTo(1);
        assertThat(meters.get("gongkai.ingest.attachment.parse").timers())
                .extracting(t -> t.count())
                .containsExactly(1L);
    }
}
