package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.gongkai.local.Services.Service;
import org.gongkai.servers.ChildProcess;
import org.gongkai.servers.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcWriter;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13 end to end: the seed (a crawl's text extract of a real notice) reaches the index by each of its three
 * routes through the real services, each from its built jar, on a real Kafka broker and a real Elasticsearch
 * node — as a {@code .txt} page linked from a list page, as an HTML page holding it in a {@code <pre>} (both
 * crawled by ingest-service from a portal on loopback), and as a WET {@code conversion} record in a WARC file
 * imported with {@code import-warc}. Each indexed document is checked field by field.
 *
 * <p>The text page and the WET record carry the extract with its title line first, as Common Crawl writes WET
 * text; the {@code <pre>} page carries the title in {@code <title>}.
 */
class SeedRoutesE2EIT {

    static final String TITLE = "區委退役軍人事務工作領導小組2023年第一次全體會議召開";
    /** A real notice (jiangxi.gov.cn) served as {@code text/html; charset=utf-8} in GB18030 bytes (issue 12). */
    static final String LYING_PAGE = """
            <html><head><title>中共江西省市场监督管理局党组关于李洪斌同志职务任免的通知</title></head><body>
            <table><tr><td>索引号：</td><td>014501068/2020-03530</td><td>发布机构：</td><td>江西省市场监督管理局</td></tr>
            <tr><td>文号：</td><td>赣市监党组〔2020〕16号</td><td>成文日期：</td><td>2020-02-28</td></tr></table>
            <div class="TRS_Editor"><p>省药品监督管理局，省局机关各处（室、局）、各直属单位：</p>
            <p>经2020年2月18日省市场监督管理局党组会议研究，决定：</p></div></body></html>
            """;

    static final String WET_PAGE = "http://wet.mirror.example/mirror/000_dfb611d724c5a3ca.html";

    @TempDir
    static Path dir;

    static E2eRun run;
    static String seed;

    @BeforeAll
    static void startPipeline() throws Exception {
        Path repo = E2eRun.repo();
        seed = Files.readString(repo.resolve("enrich-service/src/test/resources/seed/000_dfb611d724c5a3ca.txt"));
        run = E2eRun.withPortal(dir, "mirror", "Mirror of text extracts", SeedRoutesE2EIT::portal);
        Path warc = dir.resolve("seed.wet.warc");
        try (WarcWriter writer = new WarcWriter(warc)) {
            writer.write(new WarcConversion.Builder()
                    .date(Instant.parse("2023-09-01T00:00:00Z"))
                    .setHeader("WARC-Target-URI", WET_PAGE)
                    .refersTo(URI.create("urn:uuid:3f0e6e2a-2d8c-4f53-9a52-6a1d2f6b0013"))
                    .body(MediaType.PLAIN_TEXT, (TITLE + "\n" + seed).getBytes(StandardCharsets.UTF_8))
                    .build());
        }

        var wiring = run.wiring();
        Path logs = run.logs();
        for (Service service : List.of(Service.INDEX, Service.ENRICH)) {
            run.start(service, List.of());
        }
        // the import runs to its end before the crawler starts, so the two never share the host assignment
        ChildProcess.run(
                "import-warc",
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        Services.jar(repo, Service.INGEST).toString(),
                        "import-warc",
                        warc.toString(),
                        "--server.port=" + Ports.freePort(),
                        "--spring.kafka.bootstrap-servers=" + wiring.kafka(),
                        "--spring.config.import=file:" + wiring.sitesFile()),
                repo,
                Map.of(),
                logs.resolve("import-warc.log"),
                Duration.ofMinutes(3));
        assertThat(Files.readString(logs.resolve("import-warc.log")))
                .contains("conversions: read 1, published 1, unchanged 0, skipped 0");
        run.start(
                Service.INGEST,
                List.of("--gongkai.ingest.initial-delay=1s", "--gongkai.ingest.politeness.min-delay=50ms"));
        run.awaitReady();
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        if (run != null) {
            run.stop(List.of(
                    base() + "/mirror/000_dfb611d724c5a3ca.txt",
                    base() + "/mirror/000_dfb611d724c5a3ca.html",
                    base() + "/xxgk/t20200228_3530.html",
                    WET_PAGE));
        }
    }

    @Test
    void theSeedAsATextPageLinkedFromAListIsIndexedWithTheIssuesFields() {
        JsonNode doc = indexed(base() + "/mirror/000_dfb611d724c5a3ca.txt");
        assertTheSeed(doc);
        assertThat(doc.path("siteId").asString()).isEqualTo("mirror");
    }

    @Test
    void theSeedInAnHtmlPreIsIndexedWithTheIssuesFields() {
        JsonNode doc = indexed(base() + "/mirror/000_dfb611d724c5a3ca.html");
        assertTheSeed(doc);
        assertThat(doc.path("siteId").asString()).isEqualTo("mirror");
    }

    @Test
    void theSeedAsAWetRecordInAWarcFileIsIndexedWithTheIssuesFields() {
        JsonNode doc = indexed(WET_PAGE);
        assertTheSeed(doc);
        assertThat(doc.path("siteId").asString()).isEqualTo("warc");
        assertThat(doc.path("fetchedAt").asString()).isEqualTo("2023-09-01T00:00:00Z");
    }

    @Test
    void aPageWhoseCharsetHeaderTheBytesContradictIsIndexedWithTheRightText() {
        JsonNode doc = indexed(base() + "/xxgk/t20200228_3530.html");
        assertThat(doc.path("title").asString()).isEqualTo("中共江西省市场监督管理局党组关于李洪斌同志职务任免的通知");
        assertThat(doc.path("indexNumber").asString()).isEqualTo("014501068/2020-03530");
        assertThat(doc.path("publisher").asString()).isEqualTo("江西省市场监督管理局");
        assertThat(doc.path("documentNumber").asString()).isEqualTo("赣市监党组〔2020〕16号");
        assertThat(doc.path("body").asString()).isEqualTo("省药品监督管理局，省局机关各处（室、局）、各直属单位：\n经2020年2月18日省市场监督管理局党组会议研究，决定：");
    }

    @Test
    void allThreeRoutesShareOneIdentity() {
        List<JsonNode> docs = List.of(
                indexed(base() + "/mirror/000_dfb611d724c5a3ca.txt"),
                indexed(base() + "/mirror/000_dfb611d724c5a3ca.html"),
                indexed(WET_PAGE));
        assertThat(docs)
                .extracting(d -> d.path("identity").asString())
                .containsOnly(docs.get(0).path("identity").asString());
        assertThat(docs)
                .extracting(d -> d.path("body").asString())
                .containsOnly(docs.get(0).path("body").asString());
    }

    private static void assertTheSeed(JsonNode doc) {
        assertThat(doc.path("title").asString()).isEqualTo("区委退役军人事务工作领导小组2023年第一次全体会议召开");
        assertThat(doc.path("indexNumber").asString()).isEqualTo("ncsdhqtyjrswj--2023-0013");
        assertThat(doc.path("subjectCategory").asString()).isEqualTo("综合政务");
        assertThat(doc.path("publisher").asString()).isEqualTo("南昌市东湖区退役军人事务局");
        assertThat(OffsetDateTime.parse(doc.path("writtenAt").asString()))
                .isEqualTo(OffsetDateTime.parse("2023-08-03T11:20+08:00"));
        assertThat(doc.has("publishedAt")).as("no publication date in %s", doc).isFalse();
        assertThat(doc.has("documentNumber"))
                .as("no document number in %s", doc)
                .isFalse();
        assertThat(doc.path("validity").asString()).isEqualTo("valid");
        assertThat(doc.path("disclosureScope").asString()).isEqualTo("面向全社会");
        assertThat(doc.path("disclosureMode").asString()).isEqualTo("主动公开");
        assertThat(doc.path("labels").size()).isEqualTo(8);
        assertThat(doc.path("labels").path("索引号").asString()).isEqualTo("ncsdhqtyjrswj--2023-0013");
        assertThat(doc.path("body").asString())
                .startsWith("8月2日上午,区委退役军人事务工作领导小组2023年第一次全体会议召开,区委书记高辉红主持会议并讲话")
                .endsWith("重点工作落地落实。")
                .doesNotContain("(qū)", "(huì)", ": |", "索引", "ncsdhqtyjrswj");
        assertThat(doc.path("body").asString().lines()).hasSize(7);
        List<String> flags = StreamSupport.stream(doc.path("flags").spliterator(), false)
                .map(JsonNode::asString)
                .toList();
        assertThat(flags).containsExactlyInAnyOrder("traditional_script", "mirror_artefacts");
        assertThat(doc.path("subjectFirst").asString()).isEqualTo("综合政务"); // the declared category is the facet
    }

    private static JsonNode indexed(String url) {
        JsonNode doc = run.awaitIndexed(url);
        assertThat(doc.path("url").asString()).isEqualTo(url);
        return doc;
    }

    private static String base() {
        return run.base();
    }

    /** The mirror: a list page linking the seed as a text file and as an HTML page with a {@code <pre>}. */
    private static void portal(HttpExchange exchange) throws IOException {
        switch (exchange.getRequestURI().getPath()) {
            case "/robots.txt" -> E2eRun.respond(exchange, "text/plain", "User-agent: *\nAllow: /\n");
            case "/list.html" -> E2eRun.respond(exchange, "text/html; charset=utf-8", """
                    <html><head><title>镜像</title></head><body><ul>
                    <li><a href="/mirror/000_dfb611d724c5a3ca.txt">%s（文本）</a></li>
                    <li><a href="/mirror/000_dfb611d724c5a3ca.html">%s</a></li>
                    <li><a href="/xxgk/t20200228_3530.html">职务任免的通知</a></li>
                    </ul></body></html>""".formatted(TITLE, TITLE));
            case "/xxgk/t20200228_3530.html" ->
                E2eRun.respond(exchange, "text/html; charset=utf-8", LYING_PAGE.getBytes(Charset.forName("GB18030")));
            case "/mirror/000_dfb611d724c5a3ca.txt" ->
                E2eRun.respond(exchange, "text/plain; charset=utf-8", TITLE + "\n\n" + seed);
            case "/mirror/000_dfb611d724c5a3ca.html" ->
                E2eRun.respond(
                        exchange,
                        "text/html; charset=utf-8",
                        "<html><head><title>" + TITLE + "</title></head><body><pre>"
                                + seed.replace("&", "&amp;")
                                        .replace("<", "&lt;")
                                        .replace(">", "&gt;") + "</pre></body></html>");
            default -> exchange.sendResponseHeaders(404, -1);
        }
    }
}
