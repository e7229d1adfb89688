package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.EventSerializer;
import org.gongkai.events.RawNotice;
import org.gongkai.events.TestEvents;
import org.gongkai.events.Topics;
import org.gongkai.local.Services.Service;
import org.gongkai.servers.ChildProcess;
import org.gongkai.servers.Ports;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scale-out: two enrich-service and two index-service instances (separate JVMs from the built jars) share the
 * partitions of their topics through their consumer groups; every notice is indexed exactly once and both
 * instances of each service do part of the work.
 */
class ScaleOutE2EIT {

    static final int NOTICES = 240;
    static final String SITE = "scale-out";

    @TempDir
    static Path dir;

    static final List<ChildProcess> processes = new ArrayList<>();
    static final List<Integer> enrichPorts = new ArrayList<>();
    static final List<Integer> indexPorts = new ArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startTwoOfEach() {
        Path repo = Path.of(System.getProperty("gongkai.repo", "../.."))
                .toAbsolutePath()
                .normalize();
        var wiring = new Services.Wiring(RealServers.kafkaBootstrapServers(), RealServers.elasticsearchUrl(), null);
        List<Integer> all = new ArrayList<>();
        for (Service service : List.of(Service.INDEX, Service.INDEX, Service.ENRICH, Service.ENRICH)) {
            int port = Ports.freePort();
            (service == Service.INDEX ? indexPorts : enrichPorts).add(port);
            all.add(port);
            processes.add(Services.start(repo, service, port, wiring, dir.resolve("logs-" + port), List.of()));
        }
        for (int i = 0; i < processes.size(); i++) {
            Services.awaitReady(processes.get(i), all.get(i), Duration.ofSeconds(240));
        }
    }

    @AfterAll
    static void stop() {
        processes.forEach(ChildProcess::stop);
    }

    @Test
    void twoInstancesOfEachServiceShareTheWorkWithNothingLostOrDuplicated() throws Exception {
        List<String> ids = publishRawNotices();

        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(countSite())
                        .as("indexed notices of site %s", SITE)
                        .isEqualTo(NOTICES));
        JsonNode hits = NoticeSearch.search("{\"size\":" + (NOTICES + 10) + ",\"_source\":false,"
                + "\"query\":{\"term\":{\"siteId\":\"" + SITE + "\"}}}");
        List<String> indexed = new ArrayList<>();
        hits.path("hits").path("hits").forEach(h -> indexed.add(h.path("_id").asString()));
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(ids);

        for (int port : enrichPorts) {
            assertThat(counter(port, "gongkai_enrich_notices_total", "enriched"))
                    .as("enrich-service on :%d did part of the work", port)
                    .isPositive();
        }
        for (int port : indexPorts) {
            assertThat(counter(port, "gongkai_index_docs_total", "indexed"))
                    .as("index-service on :%d did part of the work", port)
                    .isPositive();
        }
    }

    private static List<String> publishRawNotices() throws Exception {
        List<String> ids = new ArrayList<>();
        try (var producer = new KafkaProducer<String, RawNotice>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        RealServers.kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new EventSerializer<>())) {
            for (int i = 0; i < NOTICES; i++) {
                String url = "http://scale-out.example.gov.cn/xxgk/2023/t20231001_" + i + ".html";
                String html = """
                        <html><head><meta charset="utf-8"><title>扩容测试通知第%1$d号</title></head><body>
                        <table><tr><td>索引号：</td><td>scale/2023-%1$05d</td><td>发布机构：</td><td>扩容测试局</td></tr>
                        <tr><td>成文日期：</td><td>2023-10-01</td><td>有效性：</td><td>有效</td></tr></table>
                        <div class="TRS_Editor"><p>这是第%1$d份用于检验多实例分担工作的演示通知，内容不得丢失也不得重复。</p></div>
                        </body></html>""".formatted(i);
                RawNotice notice = TestEvents.importedHtml(url, SITE, html);
                var record = new ProducerRecord<String, RawNotice>(Topics.RAW, notice.noticeId(), notice);
                EventHeaders.stamp(record.headers(), null, "scale-out-test", RawNotice.SCHEMA_VERSION);
                producer.send(record);
                ids.add(notice.noticeId());
            }
            producer.flush();
        }
        return ids;
    }

    private static long countSite() throws Exception {
        return NoticeSearch.search(
                        "{\"size\":0,\"track_total_hits\":true,\"query\":{\"term\":{\"siteId\":\"" + SITE + "\"}}}")
                .path("hits")
                .path("total")
                .path("value")
                .asLong();
    }

    /** Sum of a counter's samples whose outcome label is {@code outcome}, from a live Prometheus scrape. */
    private static double counter(int port, String name, String outcome) throws Exception {
        String body = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Pattern sample = Pattern.compile("^" + name + "\\{([^}]*)} ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Matcher m = sample.matcher(body);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("outcome=\"" + outcome + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
