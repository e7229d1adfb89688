package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.Topics;
import org.gongkai.events.trace.NoticeLog;
import org.gongkai.events.trace.TraceParent;
import org.gongkai.local.Services.Service;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 19, tracing end to end: one notice crawled from a portal on loopback goes through the three real services
 * (built jars, real Kafka, real Elasticsearch) with ECS JSON logging on ({@code logging.structured.format.console=ecs},
 * as an operator switches it on), and its one trace id is found in the JSON log lines of all three services that
 * name the notice, in the {@code traceparent} of the crawler's request for the page, and in the
 * {@code gongkai-trace-id} and {@code traceparent} of the enriched event.
 */
class TracingE2EIT {

    static final String SITE = "tracing";
    /** A real notice (jiangxi.gov.cn, 2020). */
    static final String NOTICE_PAGE = """
            <html><head><meta charset="utf-8"><title>中共江西省市场监督管理局党组关于李洪斌同志职务任免的通知</title></head><body>
            <table><tr><td>索引号：</td><td>014501068/2020-03530</td><td>发布机构：</td><td>江西省市场监督管理局</td></tr>
            <tr><td>文号：</td><td>赣市监党组〔2020〕16号</td><td>成文日期：</td><td>2020-02-28</td></tr></table>
            <div class="TRS_Editor"><p>省药品监督管理局，省局机关各处（室、局）、各直属单位：</p>
            <p>经2020年2月18日省市场监督管理局党组会议研究，决定：</p></div></body></html>
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    static E2eRun run;
    /** The traceparent headers of the requests for the notice page, as the portal received them. */
    static final List<String> requestTraceparents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPipeline() throws Exception {
        run = E2eRun.withPortal(dir, SITE, "Tracing portal", TracingE2EIT::portal);
        for (Service service : List.of(Service.INDEX, Service.ENRICH, Service.INGEST)) {
            List<String> args = new ArrayList<>(List.of(
                    "--logging.structured.format.console=ecs",
                    // the per-notice lines of each stage are at debug level
                    "--logging.level.org.gongkai.ingest.crawl.PageVisitor=debug",
                    "--logging.level.org.gongkai.enrich.pipeline.EnrichListener=debug",
                    "--logging.level.org.gongkai.index.consume.EnrichedNoticeListener=debug"));
            if (service == Service.INGEST) {
                args.addAll(List.of("--gongkai.ingest.initial-delay=1s", "--gongkai.ingest.politeness.min-delay=50ms"));
            }
            run.start(service, args);
        }
        run.awaitReady();
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        if (run != null) {
            run.stop(List.of(noticeUrl()));
        }
    }

    @Test
    void oneNoticeHasOneTraceIdInTheLogsOfAllThreeServicesOnTheWireAndInTheEvent() throws Exception {
        String id = NoticeIds.fromUrl(noticeUrl());
        run.awaitIndexed(noticeUrl());

        ConsumerRecord<String, byte[]> enriched = enrichedRecord(id);
        String traceId = EventHeaders.get(enriched.headers(), EventHeaders.TRACE_ID);
        assertThat(TraceParent.isTraceId(traceId))
                .as("W3C trace id: %s", traceId)
                .isTrue();
        assertThat(TraceParent.traceId(EventHeaders.get(enriched.headers(), TraceParent.HEADER)))
                .as("the enriched event's traceparent continues the notice's trace")
                .isEqualTo(traceId);
        assertThat(requestTraceparents)
                .as("the crawler's requests for the page")
                .isNotEmpty();
        assertThat(requestTraceparents)
                .allSatisfy(header -> assertThat(TraceParent.traceId(header)).isEqualTo(traceId));

        for (Service service : List.of(Service.INGEST, Service.ENRICH, Service.INDEX)) {
            List<Map<String, String>> lines = await().atMost(Duration.ofSeconds(30))
                    .until(() -> linesAbout(service, id), found -> !found.isEmpty());
            Set<String> traceIds = new TreeSet<>();
            lines.forEach(line -> traceIds.add(traceIdOf(line)));
            assertThat(traceIds)
                    .as("%s: trace ids of the lines about notice %s: %s", service, id, lines)
                    .containsExactly(traceId);
            assertThat(lines)
                    .as("%s names the notice's site", service)
                    .anySatisfy(line -> assertThat(line.get(NoticeLog.SITE)).isEqualTo(SITE));
        }
        for (Service service : List.of(Service.INGEST, Service.ENRICH, Service.INDEX)) {
            assertThat(Files.readString(run.process(service).log(), StandardCharsets.UTF_8))
                    .as("%s reports no span anywhere, not even to its own log", service)
                    .doesNotContain("LogSpanHandler", "zipkin", "otlp");
        }
        assertThat(linesAbout(Service.ENRICH, id))
                .as("a span of the record's observation in scope")
                .allSatisfy(line -> assertThat(line.get("spanId") != null || line.get("span.id") != null)
                        .isTrue());
    }

    /** The JSON lines of a service's log that name the notice, flattened to dotted keys. */
    private static List<Map<String, String>> linesAbout(Service service, String noticeId) throws IOException {
        List<Map<String, String>> found = new ArrayList<>();
        for (String line : Files.readAllLines(run.process(service).log(), StandardCharsets.UTF_8)) {
            if (!line.startsWith("{")) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            flatten("", JSON.readTree(line), fields);
            assertThat(fields).as("an ECS line: %s", line).containsKeys("@timestamp", "message");
            if (noticeId.equals(fields.get(NoticeLog.NOTICE_ID))) {
                found.add(fields);
            }
        }
        return found;
    }

    /** ECS names it {@code trace.id}; the MDC key is {@code traceId}: whichever the formatter wrote. */
    private static String traceIdOf(Map<String, String> line) {
        return line.containsKey("trace.id") ? line.get("trace.id") : line.get(NoticeLog.TRACE_ID);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix + e.getKey() + ".", e.getValue(), out));
        } else {
            out.put(prefix.substring(0, prefix.length() - 1), node.isString() ? node.asString() : node.toString());
        }
    }

    private static ConsumerRecord<String, byte[]> enrichedRecord(String noticeId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ENRICHED).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (noticeId.equals(r.key()) && r.value() != null) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(found.size() - 1);
        }
    }

    private static String noticeUrl() {
        return run.base() + "/xxgk/t20200228_3530.html";
    }

    /** The portal: a list page linking the notice, whose requests' traceparent headers it keeps. */
    private static void portal(HttpExchange exchange) throws IOException {
        switch (exchange.getRequestURI().getPath()) {
            case "/robots.txt" -> E2eRun.respond(exchange, "text/plain", "User-agent: *\nAllow: /\n");
            case "/list.html" -> E2eRun.respond(exchange, "text/html; charset=utf-8", """
                    <html><head><title>政府信息公开</title></head><body><ul>
                    <li><a href="/xxgk/t20200228_3530.html">职务任免的通知</a></li>
                    </ul></body></html>""");
            case "/xxgk/t20200228_3530.html" -> {
                String traceparent = exchange.getRequestHeaders().getFirst(TraceParent.HEADER);
                requestTraceparents.add(String.valueOf(traceparent));
                E2eRun.respond(exchange, "text/html; charset=utf-8", NOTICE_PAGE);
            }
            default -> exchange.sendResponseHeaders(404, -1);
        }
    }
}
