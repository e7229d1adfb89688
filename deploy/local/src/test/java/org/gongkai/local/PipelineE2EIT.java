package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gongkai.events.NoticeIds;
import org.gongkai.local.Services.Service;
import org.gongkai.servers.ChildProcess;
import org.gongkai.servers.Ports;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline on real servers: the demo portal is crawled by ingest-service, enriched by enrich-service and
 * indexed by index-service, each running from its built jar as its own process, against a real Kafka broker and a
 * real Elasticsearch node. Fails when any stage is broken: nothing reaches the index, or the wrong fields do. The
 * same stack then runs the relevance evaluation ({@link RelevanceEvaluation}) over the indexed demo corpus, which
 * fails when the portal query misses its rank-1 target with the analysis plugin.
 */
class PipelineE2EIT {

    @TempDir
    static Path dir;

    static DemoPortal portal;
    static final List<ChildProcess> services = new ArrayList<>();
    static final List<Integer> ports = new ArrayList<>();
    static final JsonMapper json = JsonMapper.builder().build();
    static final HttpClient http = HttpClient.newHttpClient();

    record Expected(
            String path,
            String phrase,
            String title,
            String publisher,
            String indexNumber,
            String documentNumber,
            String writtenAt,
            String subject) {}

    static List<Expected> notices() {
        return List.of(
                new Expected(
                        "/xxgk/202308/t20230803_1001.html",
                        "退役军人事务工作领导小组",
                        "东湖区召开2023年退役军人事务工作领导小组全体会议",
                        "南昌市东湖区退役军人事务局",
                        "ncsdhqtyjrswj--2023-0013",
                        null,
                        "2023-08-03T11:20+08:00",
                        "综合政务"),
                new Expected(
                        "/art/2023/9/1/art_1229_4411.html",
                        "老旧小区改造",
                        "东湖区人民政府办公室关于印发《东湖区老旧小区改造管理办法》的通知",
                        "东湖区人民政府办公室",
                        "11360102014512345X/2023-00045",
                        "东府办发〔2023〕45号",
                        "2023-08-28T00:00+08:00",
                        "城乡建设、环境保护"),
                new Expected(
                        "/xxgk/202310/t20231015_2002.html",
                        "公开招聘编外工作人员",
                        "东湖区卫生健康委员会2023年公开招聘编外工作人员公告",
                        "东湖区卫生健康委员会",
                        "ncsdhqwsjkw/2023-00112",
                        "东卫健字[2023]8号",
                        "2023-10-12T00:00+08:00",
                        "卫生、体育"),
                new Expected(
                        "/xxgk/202311/t20231120_3003.html",
                        "清洁取暖工作",
                        "东湖区人民政府办公室关于做好2023年冬季清洁取暖工作的通知",
                        "东湖区人民政府办公室",
                        "ncsdhqzfb/2023-00301",
                        "东府办字(2023)31号",
                        "2023-11-18T00:00+08:00",
                        "城乡建设、环境保护"));
    }

    @BeforeAll
    static void startPipeline() {
        String kafka = RealServers.kafkaBootstrapServers();
        String es = RealServers.elasticsearchUrl();
        portal = DemoPortal.start(0);
        Path repo = Path.of(System.getProperty("gongkai.repo", "../.."))
                .toAbsolutePath()
                .normalize();
        var wiring = new Services.Wiring(kafka, es, Services.sitesFile(repo));
        List<String> demo = Services.demoArgs("http://127.0.0.1:" + portal.port(), Duration.ofMillis(50));
        for (Service service : List.of(Service.INDEX, Service.ENRICH, Service.INGEST, Service.SEARCH)) {
            int port = Ports.freePort();
            ports.add(port);
            services.add(Services.start(
                    repo, service, port, wiring, dir.resolve("logs"), service == Service.INGEST ? demo : List.of()));
        }
        for (int i = 0; i < services.size(); i++) {
            Services.awaitReady(services.get(i), ports.get(i), Duration.ofSeconds(180));
        }
    }

    @AfterAll
    static void stopPipeline() {
        services.forEach(ChildProcess::stop);
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void everyNoticeOfThePortalIsIndexedOnceAndNothingElse() throws Exception {
        int expected = notices().size() + DemoCatalogue.shipped().notices().size();
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(NoticeSearch.search(
                                        "{\"query\":{\"term\":{\"siteId\":\"demo\"}},\"size\":0,\"track_total_hits\":true}")
                                .path("hits")
                                .path("total")
                                .path("value")
                                .asLong())
                        .as("documents of the demo site behind the notices alias\n%s", logs())
                        .isEqualTo(expected));
        assertThat(indexedCatalogue())
                .as("the catalogue's notices")
                .hasSize(DemoCatalogue.shipped().notices().size());
    }

    @Test
    void startsIndexLineCountsTheDocumentsFetchedSinceAnInstant() {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(indexedCatalogue())
                        .as("catalogue notices indexed\n%s", logs())
                        .hasSize(DemoCatalogue.shipped().notices().size()));
        String es = RealServers.elasticsearchUrl();
        long all = StackStatus.count(es);
        assertThat(all).isPositive();
        // the range query on fetchedAt that `start --sites` sends, against the real index
        assertThat(StackStatus.countFetchedSince(es, java.time.Instant.EPOCH)).isEqualTo(all);
        assertThat(StackStatus.countFetchedSince(es, java.time.Instant.now().plus(Duration.ofDays(1))))
                .isZero();
    }

    @Test
    void everyCatalogueNoticeIsIndexedWithItsMetadata() throws Exception {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(indexedCatalogue())
                        .as("catalogue notices indexed\n%s", logs())
                        .hasSize(DemoCatalogue.shipped().notices().size()));
        Map<String, JsonNode> indexed = indexedCatalogue();
        for (DemoCatalogue.Notice n : DemoCatalogue.shipped().notices()) {
            JsonNode doc = indexed.get(n.path());
            assertThat(doc.path("indexNumber").asString()).as(n.path()).isEqualTo(n.indexNumber());
            assertThat(doc.path("validity").asString())
                    .as(n.path())
                    .isEqualTo(Map.of("有效", "valid", "失效", "expired", "废止", "repealed")
                            .get(n.validity()));
            assertThat(OffsetDateTime.parse(doc.path("publishedAt").asString()))
                    .as(n.path())
                    .isAtSameInstantAs(
                            java.time.LocalDateTime.parse(n.publishedAt().replace(' ', 'T'))
                                    .atOffset(java.time.ZoneOffset.ofHours(8)));
            if (n.traditional()) {
                // Folded to Simplified by the enricher; the page's own text stays in the event's details.
                assertThat(doc.path("flags").toString()).as(n.path()).contains("traditional_script");
                assertThat(doc.path("title").asString())
                        .as(n.path())
                        .contains("东湖")
                        .doesNotContain("東湖");
                continue;
            }
            assertThat(doc.path("title").asString()).as(n.path()).isEqualTo(n.title());
            assertThat(doc.path("publisher").asString()).as(n.path()).isEqualTo(n.publisher());
            assertThat(nfkc(doc.path("documentNumber").asString(null)))
                    .as(n.path())
                    .isEqualTo(nfkc(n.documentNumber()));
            assertThat(doc.path("body").asString())
                    .as(n.path())
                    .contains(n.body().get(n.body().size() - 1));
        }
    }

    @Test
    void theDemoCorpusMeetsTheRelevanceTargetWithTheAnalysisPlugin() throws Exception {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(indexedCatalogue())
                        .as("catalogue notices indexed\n%s", logs())
                        .hasSize(DemoCatalogue.shipped().notices().size()));
        Path repo = Path.of(System.getProperty("gongkai.repo", "../.."))
                .toAbsolutePath()
                .normalize();
        RelevanceResult result = RelevanceEvaluation.evaluate(
                RealServers.elasticsearchUrl(), RelevanceEvaluation.Settings.defaults(repo));
        String report = result.markdown();
        System.out.println(report);
        java.nio.file.Files.writeString(Path.of("target/relevance-it.md"), report);
        assertThat(result.plugin().overall().rank1())
                .as("rank-1 accuracy with the plugin's analyzers\n%s", report)
                .isGreaterThanOrEqualTo(RelevanceEvaluation.TARGET_RANK1);
        assertThat(result.plugin().overall().mrr())
                .as("MRR: plugin versus standard analyzer\n%s", report)
                .isGreaterThan(result.standard().overall().mrr());
    }

    /** Indexed documents of the catalogue, by portal path. */
    private static Map<String, JsonNode> indexedCatalogue() throws Exception {
        Map<String, String> paths = new java.util.HashMap<>();
        for (DemoCatalogue.Notice n : DemoCatalogue.shipped().notices()) {
            paths.put(NoticeIds.fromUrl("http://127.0.0.1:" + portal.port() + n.path()), n.path());
        }
        String ids = paths.keySet().stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
        JsonNode hits = NoticeSearch.search("{\"query\":{\"ids\":{\"values\":[" + ids + "]}},\"size\":200}")
                .path("hits")
                .path("hits");
        Map<String, JsonNode> indexed = new TreeMap<>();
        hits.forEach(hit -> indexed.put(paths.get(hit.path("_id").asString()), hit.path("_source")));
        return indexed;
    }

    private static String nfkc(String text) {
        return text == null || text.isBlank() ? null : Normalizer.normalize(text, Normalizer.Form.NFKC);
    }

    @ParameterizedTest
    @MethodSource("notices")
    void eachNoticeIsSearchableByAChinesePhraseWithItsMetadata(Expected expected) {
        String id = NoticeIds.fromUrl("http://127.0.0.1:" + portal.port() + expected.path());
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode hits = NoticeSearch.search(
                                    "{\"query\":{\"match_phrase\":{\"body\":\"" + expected.phrase() + "\"}}}")
                            .path("hits")
                            .path("hits");
                    assertThat(hits.size())
                            .as("hits for %s\n%s", expected.phrase(), logs())
                            .isEqualTo(1);
                    JsonNode hit = hits.get(0);
                    assertThat(hit.path("_id").asString()).isEqualTo(id);
                    JsonNode doc = hit.path("_source");
                    assertThat(doc.path("title").asString()).isEqualTo(expected.title());
                    assertThat(doc.path("publisher").asString()).isEqualTo(expected.publisher());
                    assertThat(doc.path("indexNumber").asString()).isEqualTo(expected.indexNumber());
                    if (expected.documentNumber() == null) {
                        assertThat(doc.path("documentNumber").isMissingNode()
                                        || doc.path("documentNumber").isNull())
                                .as("no document number in %s", doc)
                                .isTrue();
                    } else {
                        assertThat(doc.path("documentNumber").asString()).isEqualTo(expected.documentNumber());
                    }
                    assertThat(OffsetDateTime.parse(doc.path("writtenAt").asString()))
                            .isAtSameInstantAs(OffsetDateTime.parse(expected.writtenAt()));
                    assertThat(doc.path("validity").asString()).isEqualTo("valid");
                    assertThat(doc.path("subjectFirst").asString())
                            .as("subject facet")
                            .isEqualTo(expected.subject());
                });
    }

    @Test
    void documentNumbersAreFoundInAnyBracketForm() {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    for (String typed : List.of("东卫健字〔2023〕8号", "东卫健字(2023)8号", "东卫健字【2023】8号")) {
                        // the enricher's canonical key, the brackets folded by the client
                        JsonNode hits = NoticeSearch.search(
                                        "{\"query\":{\"term\":{\"documentNumberKey\":\"" + key(typed) + "\"}}}")
                                .path("hits")
                                .path("hits");
                        assertThat(hits.size()).as("key lookup of %s", typed).isEqualTo(1);
                    }
                    for (String typed : List.of("东卫健字(2023)8号", "東衛健字［２０２３］８號", " 东卫健字 【2023】 8号")) {
                        // the value as typed, folded by the analysis plugin (the portal's document-number query)
                        JsonNode hits = NoticeSearch.search(
                                        "{\"query\":{\"match\":{\"documentNumber.folded\":\"" + typed + "\"}}}")
                                .path("hits")
                                .path("hits");
                        assertThat(hits.size())
                                .as("lookup of %s as typed", typed)
                                .isEqualTo(1);
                    }
                });
    }

    @Test
    void anAttachmentsTextIsExtractedAndSearchable() {
        String id = NoticeIds.fromUrl("http://127.0.0.1:" + portal.port() + "/art/2023/9/1/art_1229_4411.html");
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode hits = NoticeSearch.search(
                                    "{\"query\":{\"match_phrase\":{\"attachments.text\":\"雨污分流\"}}}")
                            .path("hits")
                            .path("hits");
                    assertThat(hits.size()).as("attachment hits\n%s", logs()).isEqualTo(1);
                    assertThat(hits.get(0).path("_id").asString()).isEqualTo(id);
                    JsonNode attachment =
                            hits.get(0).path("_source").path("attachments").get(0);
                    assertThat(attachment.path("name").asString()).isEqualTo("东湖区老旧小区改造管理办法（全文）.docx");
                    assertThat(attachment.path("text").asString()).contains("先民意后项目");
                    assertThat(attachment.path("error").isMissingNode())
                            .as("error %s", attachment)
                            .isTrue();
                });
    }

    @Test
    void theSearchServiceFindsACrawledNoticeFromATraditionalQuery() {
        int searchPort = ports.get(services.size() - 1);
        String id = NoticeIds.fromUrl("http://127.0.0.1:" + portal.port() + "/xxgk/202310/t20231015_2002.html");
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + searchPort + "/api/search?q="
                                            + java.net.URLEncoder.encode(
                                                    "公開招聘編外工作人員", java.nio.charset.StandardCharsets.UTF_8)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    JsonNode first = json.readTree(response.body()).path("hits").path(0);
                    assertThat(first.path("id").asString())
                            .as("%s\n%s", response.body(), logs())
                            .isEqualTo(id);
                    assertThat(first.path("titleHtml").asString()).contains("<em>");
                });
    }

    /**
     * Every metric and label the Grafana dashboard (panels and {@code label_values} variables) and the alert rules
     * refer to is in the live scrape of the four services, histogram buckets included. Labels Prometheus adds when it
     * scrapes (job, instance, service: deploy/monitoring/prometheus.yml) count as present. Expressions on Prometheus'
     * and Alertmanager's own metrics ({@code job="monitoring"}) and on {@code ALERTS} are left to deploy/compose-test,
     * which checks every name against a live Prometheus.
     */
    @Test
    void dashboardAndAlertsReferOnlyToMetricsAndLabelsTheServicesExport() throws Exception {
        Path repo = Path.of(System.getProperty("gongkai.repo", "../.."))
                .toAbsolutePath()
                .normalize();
        List<String> expressions = new ArrayList<>();
        List<PromQl.LabelValues> variables = new ArrayList<>();
        JsonNode dashboard = json.readTree(repo.resolve("deploy/monitoring/grafana/dashboards/gongkai-pipeline.json")
                .toFile());
        dashboard
                .path("panels")
                .forEach(panel -> panel.path("targets")
                        .forEach(target -> expressions.add(target.path("expr").asString())));
        dashboard
                .path("templating")
                .path("list")
                .forEach(variable -> PromQl.labelValues(
                                variable.path("definition").asString())
                        .ifPresent(variables::add));
        var yaml = new tools.jackson.dataformat.yaml.YAMLMapper();
        JsonNode rules =
                yaml.readTree(repo.resolve("deploy/monitoring/alerts.yml").toFile());
        rules.path("groups")
                .forEach(group -> group.path("rules")
                        .forEach(rule -> expressions.add(rule.path("expr").asString())));
        // Prometheus' and Alertmanager's metrics, and the ALERTS series Prometheus makes itself: no service has them.
        expressions.removeIf(expr -> expr.contains("job=\"monitoring\"") || expr.contains("ALERTS{"));
        assertThat(variables).extracting(PromQl.LabelValues::label).contains("service", "instance", "site", "host");
        Set<String> referenced = new TreeSet<>();
        expressions.forEach(expr -> referenced.addAll(PromQl.metricNames(expr)));
        assertThat(referenced)
                .contains(
                        "gongkai_ingest_notices_total",
                        "gongkai_index_docs_total",
                        "gongkai_ingest_fetch_duration_seconds_bucket",
                        "gongkai_enrich_extraction_seconds_bucket",
                        "gongkai_index_bulk_latency_seconds_bucket");

        // Counters appear after their first increment, a crawl's duration once the crawl is over: scrape once the
        // demo portal has been indexed, and again until everything is there.
        everyNoticeOfThePortalIsIndexedOnceAndNothingElse();
        Set<String> scrapeLabels = Set.of("job", "instance", "service");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Map<String, Set<String>> exported = scrape();
                    List<String> problems = new ArrayList<>();
                    for (String expr : expressions) {
                        Set<String> names = PromQl.metricNames(expr);
                        Set<String> labelsOfAny = new TreeSet<>(scrapeLabels);
                        for (String name : names) {
                            if (!exported.containsKey(name)) {
                                problems.add("metric " + name + " (in " + expr + ")");
                            } else {
                                labelsOfAny.addAll(exported.get(name));
                            }
                        }
                        PromQl.matchedLabels(expr)
                                .forEach((name, labels) -> labels.stream()
                                        .filter(label -> !scrapeLabels.contains(label))
                                        .filter(label -> exported.containsKey(name)
                                                && !exported.get(name).contains(label))
                                        .forEach(label ->
                                                problems.add("label " + label + " of " + name + " (in " + expr + ")")));
                        PromQl.groupingLabels(expr).stream()
                                .filter(label -> !labelsOfAny.contains(label))
                                .forEach(label -> problems.add("grouping label " + label + " (in " + expr + ")"));
                    }
                    for (PromQl.LabelValues variable : variables) {
                        Set<String> names = PromQl.metricNames(variable.selector());
                        boolean found = scrapeLabels.contains(variable.label())
                                || names.stream()
                                        .anyMatch(n -> exported.getOrDefault(n, Set.of())
                                                .contains(variable.label()));
                        if (!found) {
                            problems.add(
                                    "variable label_values(" + variable.selector() + ", " + variable.label() + ")");
                        }
                    }
                    assertThat(problems)
                            .as("what the dashboard and the rules use but the services do not export")
                            .isEmpty();
                });
    }

    @Test
    void theOpenMetricsScrapeCarriesNoExemplarsSoAPrometheusOlderThan243KeepsIt() throws Exception {
        // Prometheus asks for OpenMetrics; before 2.43 it drops the whole scrape when a _count carries an exemplar.
        everyNoticeOfThePortalIsIndexedOnceAndNothingElse();
        for (int port : ports) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                            .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/openmetrics-text"));
            assertThat(response.body().lines().filter(line -> !line.startsWith("#") && line.contains(" # {")))
                    .as("exemplars in the scrape of :%d", port)
                    .isEmpty();
        }
    }

    /** The metrics the four services export, each with the names of its labels. */
    private static Map<String, Set<String>> scrape() throws Exception {
        Map<String, Set<String>> exported = new TreeMap<>();
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
        for (int port : ports) {
            String body = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            body.lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .forEach(line -> {
                        String[] parts = line.split("[{ ]", 2);
                        Set<String> labels = exported.computeIfAbsent(parts[0], k -> new TreeSet<>());
                        int close = line.lastIndexOf('}');
                        if (line.length() > parts[0].length() && line.charAt(parts[0].length()) == '{' && close > 0) {
                            // label values are quoted: only names followed by =" count
                            Matcher m = label.matcher(line.substring(parts[0].length(), close)
                                    .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
                            while (m.find()) {
                                labels.add(m.group(1));
                            }
                        }
                    });
        }
        return exported;
    }

    /** The key the enricher writes; the portal would compute it the same way from what a user types. */
    private static String key(String documentNumber) {
        return documentNumber.replaceAll("[\\[［(（【〔]", "〔").replaceAll("[\\]］)）】〕]", "〕");
    }

    private static String logs() {
        StringBuilder out = new StringBuilder();
        services.forEach(s -> out.append(s.logTail()).append('\n'));
        return out.toString();
    }
}
