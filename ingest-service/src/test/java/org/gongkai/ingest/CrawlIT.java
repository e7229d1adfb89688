package org.gongkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gongkai.events.EventCodec;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.ingest.crawl.CrawlReport;
import org.gongkai.ingest.crawl.CrawlScheduler;
import org.gongkai.testsupport.EventSchemas;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The crawler end to end on a real Kafka broker: a portal on 127.0.0.1 with a list page, three notice pages (GBK
 * declared only in {@code <meta>}, undeclared UTF-8 served gzip-compressed, traditional characters in Big5 declared
 * in the Content-Type header) and one page that is not a notice. The first crawl (scheduled at start-up) must
 * publish exactly the three notices, the GBK one with the text of its Excel attachment (fetched through the same
 * fetch path, extracted with Tika); a second crawl must publish nothing and fetch no attachment again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrawlIT {

    private static final Charset GBK = Charset.forName("GBK");
    private static final Charset BIG5 = Charset.forName("Big5");
    private static final String SITE = "it-" + UUID.randomUUID().toString().substring(0, 8);

    private static final String GBK_PAGE = """
            <html><head><meta charset="gbk"><title>东湖区卫生健康委员会2023年公开招聘编外工作人员公告</title></head>
            <body><table>
            <tr><th>索　引　号：</th><td>ncsdhqwsjkw/2023-00112</td><th>主题分类：</th><td>卫生、体育\\卫生</td></tr>
            <tr><th>发布机构：</th><td>东湖区卫生健康委员会</td><th>成文日期：</th><td>2023/10/12</td></tr>
            </table><div class="TRS_Editor"><p>东湖区卫生健康委员会面向社会公开招聘编外工作人员十名。</p>
            <p><a href="/files/W020231012.xls">岗位表</a></p></div></body></html>
            """;
    private static final String UTF8_PAGE = """
            <!DOCTYPE html><html><head><title>关于做好2023年冬季清洁取暖工作的通知</title></head><body>
            <ul class="gk-meta"><li>索引号：ncsdhqzfb/2023-00301</li><li>文号：东府办字(2023)31号</li>
            <li>发布日期：2023-11-20</li></ul>
            <div id="UCAP-CONTENT"><p>各街道办事处：为切实做好今冬清洁取暖工作，现就有关事项通知如下。</p></div>
            </body></html>
            """;
    private static final String BIG5_PAGE = """
            <html><head><title>東湖區召開退役軍人事務工作領導小組全體會議</title></head><body>
            <table><tr><td>索 引 號：</td><td>ncsdhqtyjrswj--2023-0013</td><td>主題分類：</td><td>綜合政務</td></tr>
            <tr><td>發布機構：</td><td>南昌市東湖區退役軍人事務局</td><td>生成日期：</td><td>2023-08-03 11:20</td></tr></table>
            <p>區委退役軍人事務工作領導小組2023年第一次全體會議召開。</p></body></html>
            """;
    private static final String ABOUT_PAGE = """
            <html><head><meta charset="utf-8"><title>网站介绍</title></head>
            <body><h1>网站介绍</h1><p>发布日期：2023-01-01 本站为演示门户。</p></body></html>
            """;

    private static final byte[] XLS = org.gongkai.ingest.attach.Documents.xls("岗位代码", "编外工作人员十名");

    private static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();
    private static final HttpServer PORTAL = startPortal();

    @Autowired
    CrawlScheduler scheduler;

    @LocalServerPort
    int port;

    private static final String OPERATOR_PASSWORD = "crawl-it-" + java.util.UUID.randomUUID();
    private static final String OPERATOR = "Basic "
            + java.util.Base64.getEncoder()
                    .encodeToString(
                            ("operator:" + OPERATOR_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RealServers.registerKafka(registry);
        registry.add("gongkai.management.password", () -> OPERATOR_PASSWORD);
        registry.add("gongkai.ingest.initial-delay", () -> "0s");
        // the raw bytes are asserted below: kept in the records (off by default)
        registry.add("gongkai.ingest.publish.raw-bytes", () -> "true");
        registry.add("gongkai.ingest.crawl-interval", () -> "1h");
        registry.add("gongkai.ingest.politeness.min-delay", () -> "10ms");
        // Every notice is due on every crawl, so the second crawl fetches them again.
        registry.add("gongkai.ingest.state.revisit-min", () -> "0s");
        registry.add("gongkai.ingest.sites[0].id", () -> SITE);
        registry.add("gongkai.ingest.sites[0].name", () -> "CrawlIT portal");
        registry.add("gongkai.ingest.sites[0].list-urls[0]", () -> url("/xxgk/index.html"));
        registry.add("gongkai.ingest.sites[0].allowed-networks", () -> "127.0.0.0/8");
    }

    @AfterAll
    static void stopPortal() {
        PORTAL.stop(0);
    }

    @Test
    @Order(1)
    void firstCrawlPublishesExactlyTheThreeNotices() throws Exception {
        CrawlReport report = awaitFirstCrawl();
        assertThat(report.published()).as("%s", report).isEqualTo(3);
        assertThat(report.skipped()).as("the page of no notice").isEqualTo(1);
        assertThat(report.otherHostLinks())
                .as("the link to localhost, not followed")
                .isEqualTo(1);
        assertThat(report.otherHosts()).containsOnlyKeys("localhost");
        assertThat(report.failed()).isZero();
        assertThat(report.denied()).isEqualTo(1);
        assertThat(HITS)
                .containsOnlyKeys(
                        "/robots.txt",
                        "/xxgk/index.html",
                        "/xxgk/gbk.html",
                        "/xxgk/utf8.html",
                        "/xxgk/big5.html",
                        "/about.html",
                        "/files/W020231012.xls");

        List<ConsumerRecord<String, byte[]>> records = readOurRecords();
        assertThat(records).hasSize(3);
        Map<String, ConsumerRecord<String, byte[]>> byKey = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            byKey.put(record.key(), record);
            EventSchemas.assertValid(EventSchemas.RAW_NOTICE_V1, record.value());
            assertThat(EventHeaders.get(record.headers(), EventHeaders.TRACE_ID))
                    .matches("[0-9a-f]{32}");
            assertThat(EventHeaders.get(record.headers(), EventHeaders.PRODUCER))
                    .isEqualTo("ingest-service");
            assertThat(EventHeaders.get(record.headers(), EventHeaders.SCHEMA_VERSION))
                    .isEqualTo("1");
        }
        assertThat(records)
                .extracting(r -> EventHeaders.get(r.headers(), EventHeaders.TRACE_ID))
                .doesNotHaveDuplicates();
        assertThat(byKey)
                .containsOnlyKeys(
                        NoticeIds.fromUrl(url("/xxgk/gbk.html")),
                        NoticeIds.fromUrl(url("/xxgk/utf8.html")),
                        NoticeIds.fromUrl(url("/xxgk/big5.html")));

        RawNotice gbk = notice(byKey, "/xxgk/gbk.html");
        assertThat(gbk.charset()).isEqualTo("GB18030");
        assertThat(gbk.charsetSource()).isEqualTo("meta");
        assertThat(gbk.body()).contains("东湖区卫生健康委员会面向社会公开招聘编外工作人员十名", "索　引　号");
        assertThat(gbk.rawBody()).isEqualTo(GBK_PAGE.getBytes(GBK));
        assertThat(gbk.contentHash()).isEqualTo(NoticeIds.sha256Hex(GBK_PAGE.getBytes(GBK)));
        assertThat(gbk.headers()).containsEntry("content-type", "text/html").containsEntry("etag", "\"gbk-1\"");
        assertThat(gbk.attachments()).singleElement().satisfies(a -> {
            assertThat(a.url()).isEqualTo(url("/files/W020231012.xls"));
            assertThat(a.name()).isEqualTo("岗位表");
            assertThat(a.contentType()).isEqualTo("application/vnd.ms-excel");
            assertThat(a.text()).contains("岗位代码", "编外工作人员十名");
            assertThat(a.truncated()).isFalse();
            assertThat(a.error()).isNull();
        });
        assertThat(report.attachments()).isEqualTo(1);
        assertThat(report.attachmentsFailed()).isZero();

        RawNotice utf8 = notice(byKey, "/xxgk/utf8.html");
        assertThat(utf8.charset()).isEqualTo("UTF-8");
        assertThat(utf8.charsetSource()).isEqualTo("detected");
        assertThat(utf8.body()).contains("为切实做好今冬清洁取暖工作");
        assertThat(utf8.headers()).containsEntry("content-encoding", "gzip");
        assertThat(utf8.rawBody()).isEqualTo(UTF8_PAGE.getBytes(StandardCharsets.UTF_8));

        RawNotice big5 = notice(byKey, "/xxgk/big5.html");
        assertThat(big5.charset()).isEqualTo("Big5");
        assertThat(big5.charsetSource()).isEqualTo("header");
        assertThat(big5.body()).contains("南昌市東湖區退役軍人事務局", "索 引 號");

        for (RawNotice notice : List.of(gbk, utf8, big5)) {
            assertThat(notice.siteId()).isEqualTo(SITE);
            assertThat(notice.source()).isEqualTo("crawl");
            assertThat(notice.httpStatus()).isEqualTo(200);
            assertThat(notice.contentType()).isEqualTo("text/html");
            assertThat(notice.truncated()).isFalse();
            assertThat(notice.version())
                    .isEqualTo(notice.fetchedAt().getEpochSecond() * 1_000_000L
                            + notice.fetchedAt().getNano() / 1_000);
        }
    }

    @Test
    @Order(2)
    void secondCrawlPublishesNothingNew() throws Exception {
        awaitFirstCrawl();
        long before = endOffsetSum();

        CrawlReport second = scheduler.crawlNow(SITE).get(60, TimeUnit.SECONDS);

        assertThat(second.published()).as("%s", second).isZero();
        assertThat(second.unchanged()).isEqualTo(3);
        assertThat(second.skipped())
                .as("the page of no notice is a navigation page now, not due again for a day")
                .isZero();
        assertThat(second.skippedFor()).isEmpty();
        assertThat(second.otherHostLinks())
                .as("the link to localhost, counted apart at every crawl")
                .isEqualTo(1);
        assertThat(second.notDue()).isEqualTo(1);
        // Publishing waits for the broker's ack, so anything published would already be in the log.
        assertThat(endOffsetSum()).isEqualTo(before);
        assertThat(readOurRecords()).hasSize(3);
        // Unchanged notices are not republished, so their attachments are not fetched again.
        assertThat(HITS.get("/files/W020231012.xls")).hasValue(1);
        assertThat(second.attachments()).isZero();
    }

    @Test
    @Order(3)
    void actuatorShowsTheCrawlMetricsAndReadiness() throws Exception {
        awaitFirstCrawl();

        assertThat(get("/actuator/crawl").statusCode())
                .as("the overview needs the operator")
                .isEqualTo(401);
        HttpResponse<String> crawl = get("/actuator/crawl", true);
        assertThat(crawl.statusCode()).isEqualTo(200);
        assertThat(crawl.body())
                .contains(
                        "\"id\":\"" + SITE + "\"",
                        "\"lastCrawl\":{",
                        // the second crawl's: the navigation page is not due (session 13) and is known
                        "\"fetched\":4",
                        "\"skipped\":0",
                        "\"skippedFor\":{}",
                        // the link to localhost: not followed, counted apart (session 17)
                        "\"otherHostLinks\":1",
                        "\"otherHosts\":{\"localhost\":1}",
                        "\"notDue\":1",
                        "\"denied\":1",
                        // no page known only by its faults, none given up (session 16)
                        "\"givenUp\":0",
                        // three notices; with the navigation page four URLs known (session 15)
                        "\"knownNotices\":3",
                        "\"knownUrls\":4",
                        "\"knownFaultedOnly\":0",
                        "\"knownLinkOnly\":1");

        HttpResponse<String> prometheus = get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body())
                .containsPattern("gongkai_ingest_notices_total\\{outcome=\"published\",site=\"" + SITE + "\"} 3")
                .contains("gongkai_ingest_pages_given_up_total{site=\"" + SITE + "\"} 0.0")
                .containsPattern("gongkai_ingest_fetches_total\\{host=\"127.0.0.1\",status=\"2xx\"}")
                .contains("gongkai_ingest_fetch_duration_seconds")
                .containsPattern("gongkai_ingest_robots_denials_total\\{host=\"127.0.0.1\"} 2.0")
                .containsPattern("gongkai_ingest_attachments_total\\{outcome=\"extracted\"} 1.0")
                .contains("gongkai_ingest_attachment_bytes", "gongkai_ingest_attachment_parse_seconds")
                .contains("gongkai_ingest_politeness_wait_seconds")
                // histogram buckets at the boundaries of application.yml (the dashboard's percentiles)
                .containsPattern("gongkai_ingest_fetch_duration_seconds_bucket\\{[^}]*le=\"0.05\"[^}]*} [0-9]")
                .containsPattern("gongkai_ingest_politeness_wait_seconds_bucket\\{[^}]*le=\"0.1\"[^}]*} [0-9]")
                .containsPattern("gongkai_ingest_attachment_parse_seconds_bucket\\{[^}]*le=\"0.01\"[^}]*} [0-9]")
                // the page-visit timer, registered by the observation handler, with its HELP text
                .contains("# HELP gongkai_crawl_page_seconds Page visits of the crawl");

        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"kafka\"", "\"UP\"");
        assertThat(readiness.body())
                .as("the crawl state restore is part of readiness")
                .contains("\"crawlState\"");
        HttpResponse<String> liveness = get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).doesNotContain("crawlState");

        HttpRequest.Builder post = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/crawl/nope"))
                .POST(HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> anonymous =
                HttpClient.newHttpClient().send(post.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode())
                .as("a crawl cannot be queued without the operator")
                .isEqualTo(401);
        HttpResponse<String> unknown = HttpClient.newHttpClient()
                .send(post.header("Authorization", OPERATOR).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    private CrawlReport awaitFirstCrawl() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> scheduler.lastReports().containsKey(SITE));
        return scheduler.lastReports().get(SITE);
    }

    private static RawNotice notice(Map<String, ConsumerRecord<String, byte[]>> byKey, String path) {
        RawNotice notice = EventCodec.instance()
                .readRaw(byKey.get(NoticeIds.fromUrl(url(path))).value());
        assertThat(notice.url()).isEqualTo(url(path));
        assertThat(notice.noticeId()).isEqualTo(NoticeIds.fromUrl(url(path)));
        return notice;
    }

    /** All records of notices.raw up to its current end whose value belongs to this test's site. */
    private static List<ConsumerRecord<String, byte[]>> readOurRecords() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> ours = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null
                            && SITE.equals(EventCodec.instance()
                                    .readRaw(record.value())
                                    .siteId())) {
                        ours.add(record);
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return ours;
        }
    }

    private static long endOffsetSum() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer)).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        return consumer.partitionsFor(Topics.RAW).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, false);
    }

    private HttpResponse<String> get(String path, boolean operator) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (operator) {
            request.header("Authorization", OPERATOR);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + PORTAL.getAddress().getPort() + path;
    }

    private static HttpServer startPortal() {
        assertThat(new String(BIG5_PAGE.getBytes(BIG5), BIG5)).isEqualTo(BIG5_PAGE);
        assertThat(new String(GBK_PAGE.getBytes(GBK), GBK)).isEqualTo(GBK_PAGE);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.createContext("/", CrawlIT::serve);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            HITS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            switch (path) {
                case "/xxgk/index.html" -> respond(exchange, "text/html; charset=utf-8", listPage());
                case "/xxgk/gbk.html" -> {
                    exchange.getResponseHeaders().set("ETag", "\"gbk-1\"");
                    respond(exchange, "text/html", GBK_PAGE.getBytes(GBK));
                }
                case "/xxgk/utf8.html" -> {
                    byte[] body = UTF8_PAGE.getBytes(StandardCharsets.UTF_8);
                    String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
                    if (accept != null && accept.contains("gzip")) {
                        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                        body = gzip(body);
                    }
                    respond(exchange, "text/html", body);
                }
                case "/xxgk/big5.html" -> respond(exchange, "text/html; charset=big5", BIG5_PAGE.getBytes(BIG5));
                case "/about.html" -> respond(exchange, "text/html", ABOUT_PAGE.getBytes(StandardCharsets.UTF_8));
                case "/files/W020231012.xls" -> respond(exchange, "application/vnd.ms-excel", XLS);
                case "/robots.txt" ->
                    respond(
                            exchange,
                            "text/plain",
                            "User-agent: *\nDisallow: /private/\n".getBytes(StandardCharsets.UTF_8));
                default -> {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        }
    }

    private static byte[] listPage() {
        int port = PORTAL.getAddress().getPort();
        return ("""
                <html><head><meta charset="utf-8"><title>政府信息公开目录</title></head><body>
                <div><a href="/about.html">网站介绍</a> <a href="/xxgk/index.html">信息公开</a></div>
                <ul>
                  <li><a href="gbk.html">招聘公告</a></li>
                  <li><a href="/xxgk/utf8.html">清洁取暖通知</a></li>
                  <li><a href="http://127.0.0.1:%d/xxgk/big5.html#content">退役军人事务工作会议</a></li>
                  <li><a href="./gbk.html">招聘公告（重复）</a></li>
                  <li><a href="/private/draft.html">内部草稿</a></li>
                </ul>
                <a href="/files/plan.pdf">附件</a> <a href="javascript:void(0)">打印</a> <a href="#">顶部</a>
                <a href="http://localhost:%d/ext.html">其他主机</a>
                </body></html>
                """).formatted(port, port).getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
