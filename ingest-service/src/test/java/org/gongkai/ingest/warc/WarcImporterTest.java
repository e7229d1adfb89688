package org.gongkai.ingest.warc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.crawl.InMemoryCrawlState;
import org.gongkai.ingest.crawl.SiteCrawler;
import org.gongkai.ingest.fetch.AddressGuard;
import org.gongkai.ingest.fetch.FakeResolver;
import org.gongkai.ingest.fetch.FakeTransport;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.ingest.fetch.RobotsPolicy;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.site.IngestProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.springframework.util.unit.DataSize;

/** WARC import through the crawler's path, on WARC files written with jwarc; no network at all. */
class WarcImporterTest {

    private static final Instant CAPTURED = Instant.parse("2024-02-03T04:05:06Z");
    private static final Charset GBK = Charset.forName("GBK");

    @TempDir
    Path dir;

    private final FakeTransport transport = new FakeTransport();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final List<RawNotice> published = new ArrayList<>();
    private final WarcImporter importer;

    WarcImporterTest() {
        MinDelayPoliteness politeness = new MinDelayPoliteness(Duration.ZERO);
        HttpFetcher fetcher = new HttpFetcher(
                transport,
                new AddressGuard(new FakeResolver()),
                politeness,
                TestConfigs.fetch(Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofMegabytes(1), 5),
                "Gongkai/test",
                meters,
                Clock.systemUTC());
        NoticePublisher publisher = new NoticePublisher() {
            @Override
            public void publish(RawNotice notice) {
                published.add(notice);
            }

            @Override
            public void publishTombstone(String noticeId) {}
        };
        SiteCrawler crawler = new SiteCrawler(
                fetcher,
                new RobotsPolicy(fetcher, politeness, TestConfigs.robots(), "Gongkai/test", meters, Clock.systemUTC()),
                publisher,
                state,
                TestConfigs.state(),
                meters,
                Clock.systemUTC());
        IngestProperties properties = TestConfigs.properties(
                Duration.ofHours(1),
                Duration.ofHours(1),
                List.of(
                        TestConfigs.site("dhq", List.of("http://www.dhq.test/xxgk/index.html"), false, 10),
                        TestConfigs.asMirror(
                                TestConfigs.site("gov-portal", List.of("http://www.gov.test/zwgk/"), false, 10))));
        importer = new WarcImporter(crawler, properties);
    }

    private static String notice(String indexNumber, String body) {
        return "<html><head><meta charset=\"gbk\"></head><body><table><tr><td>索引号：</td><td>" + indexNumber
                + "</td><td>发布机构：</td><td>东湖区人民政府办公室</td></tr></table><p>" + body + "</p></body></html>";
    }

    private static WarcResponse response(String url, int status, byte[] body, String... headers) throws Exception {
        HttpResponse.Builder http = new HttpResponse.Builder(status, status == 200 ? "OK" : "Not Found");
        for (int i = 0; i < headers.length; i += 2) {
            http.addHeader(headers[i], headers[i + 1]);
        }
        http.body(MediaType.HTML, body);
        return new WarcResponse.Builder(URI.create(url))
                .date(CAPTURED)
                .body(http.build())
                .build();
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private Path warc(WarcRecord... records) throws Exception {
        Path file = dir.resolve("extract-" + System.nanoTime() + ".warc");
        try (WarcWriter writer = new WarcWriter(file)) {
            for (WarcRecord record : records) {
                writer.write(record);
            }
        }
        return file;
    }

    @Test
    void noticePagesArePublishedWithSourceWarcAndTheRestSkipped() throws Exception {
        String n1 = "http://www.dhq.test/xxgk/202311/t20231120_3003.html";
        String n2 = "http://mirror.test/copy/1001.html";
        byte[] gbkPage = notice("ncsdhqzfb/2023-00301", "清洁取暖工作通知").getBytes(GBK);
        Path file = warc(
                response(n1, 200, gzip(gbkPage), "Content-Type", "text/html", "Content-Encoding", "gzip"),
                response(n2, 200, notice("X/2023-1", "镜像").getBytes(GBK), "Content-Type", "text/html"),
                response("http://www.dhq.test/about.html", 200, "<html>关于</html>".getBytes(StandardCharsets.UTF_8)),
                response("http://www.dhq.test/gone.html", 404, "404".getBytes(StandardCharsets.UTF_8)));

        WarcImporter.Report report = importer.importFile(file);

        assertThat(report)
                .isEqualTo(new WarcImporter.Report(new WarcImporter.Counts(4, 2, 0, 2), WarcImporter.Counts.NONE, 0));
        RawNotice first = published.get(0);
        assertThat(first.source()).isEqualTo("warc");
        assertThat(first.siteId()).isEqualTo("dhq");
        assertThat(first.url()).isEqualTo(n1);
        assertThat(first.noticeId()).isEqualTo(NoticeIds.fromUrl(n1));
        assertThat(first.fetchedAt()).isEqualTo(CAPTURED);
        assertThat(first.rawBody()).isEqualTo(gbkPage);
        assertThat(first.charset()).isEqualTo("GB18030");
        assertThat(first.body()).contains("清洁取暖工作通知");
        assertThat(first.headers()).doesNotContainKey("content-encoding");
        assertThat(published.get(1).siteId()).isEqualTo("warc");
        assertThat(transport.requests).as("no network").isEmpty();
    }

    @Test
    void recordsOfASiteDeclaredAMirrorAreMarkedAsTheCrawlMarksThem() throws Exception {
        byte[] page = notice("ncsdhqzfb/2023-00301", "清洁取暖工作通知").getBytes(GBK);
        Path file = warc(
                response("http://www.dhq.test/xxgk/t1.html", 200, page, "Content-Type", "text/html"),
                response("http://www.gov.test/zwgk/t9.html", 200, page, "Content-Type", "text/html"),
                response("http://other.test/t1.html", 200, page, "Content-Type", "text/html"));

        importer.importFile(file);

        assertThat(published)
                .extracting(RawNotice::siteId, RawNotice::mirror)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dhq", false),
                        org.assertj.core.groups.Tuple.tuple("gov-portal", true),
                        org.assertj.core.groups.Tuple.tuple("warc", false));
    }

    @Test
    void importingTheSameFileTwicePublishesNothingNew() throws Exception {
        Path file = warc(response(
                "http://www.dhq.test/xxgk/a.html",
                200,
                notice("A/2023-1", "甲").getBytes(GBK),
                "Content-Type",
                "text/html"));

        importer.importFile(file);
        WarcImporter.Report again = importer.importFile(file);

        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(again.published()).isZero();
        assertThat(published).hasSize(1);
        assertThat(state.size()).isEqualTo(1);
    }

    /** The seed with a title line first, as Common Crawl writes a page's text into a WET file. */
    private static final String WET_TEXT = "區委退役軍人事務工作領導小組2023年第一次全體會議召開\n" + resource("seed/000_dfb611d724c5a3ca.txt");

    private static WarcConversion conversion(String target, java.net.URI refersTo, MediaType type, byte[] text) {
        WarcConversion.Builder builder =
                new WarcConversion.Builder().date(CAPTURED).body(type, text);
        if (target != null) {
            builder.setHeader("WARC-Target-URI", target);
        }
        if (refersTo != null) {
            builder.refersTo(refersTo);
        }
        return builder.build();
    }

    @Test
    void wetConversionRecordsArePublishedAsTextPagesOfTheirTargetUrl() throws Exception {
        String page = "http://mirror.test/mirror/000_dfb611d724c5a3ca.html";
        Path file = warc(
                conversion(
                        page,
                        URI.create("urn:uuid:8e2c1a4e-0000-4000-8000-000000000001"),
                        MediaType.PLAIN_TEXT,
                        WET_TEXT.getBytes(StandardCharsets.UTF_8)),
                conversion(
                        "http://mirror.test/about.html",
                        null,
                        MediaType.PLAIN_TEXT,
                        "本站简介\n本站收录各地政务信息。".getBytes(StandardCharsets.UTF_8)),
                conversion("http://mirror.test/data.json", null, MediaType.JSON, "{}".getBytes(StandardCharsets.UTF_8)),
                response("http://www.dhq.test/about.html", 200, "<html>关于</html>".getBytes(StandardCharsets.UTF_8)));

        WarcImporter.Report report = importer.importFile(file);

        assertThat(report.conversions()).isEqualTo(new WarcImporter.Counts(3, 1, 0, 2));
        assertThat(report.responses()).isEqualTo(new WarcImporter.Counts(1, 0, 0, 1));
        assertThat(report.toString())
                .isEqualTo("responses: read 1, published 0, unchanged 0, skipped 1; "
                        + "conversions: read 3, published 1, unchanged 0, skipped 2; unreadable records: 0");
        RawNotice notice = published.get(0);
        assertThat(notice.url()).isEqualTo(page);
        assertThat(notice.noticeId()).isEqualTo(NoticeIds.fromUrl(page));
        assertThat(notice.source()).isEqualTo("warc");
        assertThat(notice.contentType()).isEqualTo("text/plain");
        assertThat(notice.body()).isEqualTo(WET_TEXT);
        assertThat(notice.charset()).isEqualTo("UTF-8");
        assertThat(notice.fetchedAt()).isEqualTo(CAPTURED);
        assertThat(transport.requests).as("no network").isEmpty();
    }

    @Test
    void aConversionWithoutTargetIsKeyedToTheRecordItRefersTo() throws Exception {
        String page = "http://mirror.test/copy/2.html";
        // the page itself is a script shell the recogniser cannot read; its text extract holds the notice
        WarcResponse shell = response(
                page,
                200,
                "<html><script>render()</script></html>".getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "text/html");
        Path file = warc(
                shell, conversion(null, shell.id(), MediaType.PLAIN_TEXT, WET_TEXT.getBytes(StandardCharsets.UTF_8)));

        WarcImporter.Report report = importer.importFile(file);

        assertThat(report.conversions().published()).isEqualTo(1);
        assertThat(published).singleElement().satisfies(n -> assertThat(n.url()).isEqualTo(page));
    }

    @Test
    void aConversionOfAPageImportedFromTheSameFileIsSkipped() throws Exception {
        String page = "http://www.dhq.test/xxgk/a.html";
        WarcResponse html = response(page, 200, notice("A/2023-1", "甲").getBytes(GBK), "Content-Type", "text/html");
        Path file = warc(
                html, conversion(page, html.id(), MediaType.PLAIN_TEXT, WET_TEXT.getBytes(StandardCharsets.UTF_8)));

        WarcImporter.Report report = importer.importFile(file);

        assertThat(report.responses().published()).isEqualTo(1);
        assertThat(report.conversions()).isEqualTo(new WarcImporter.Counts(1, 0, 0, 1));
        assertThat(published)
                .singleElement()
                .satisfies(n -> assertThat(n.contentType()).isEqualTo("text/html"));
    }

    private static String resource(String name) {
        try (java.io.InputStream in = WarcImporterTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
