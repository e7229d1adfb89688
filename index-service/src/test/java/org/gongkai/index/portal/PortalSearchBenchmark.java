package org.gongkai.index.portal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.gongkai.elasticsearch.ElasticsearchProperties;
import org.gongkai.index.IndexNames;
import org.gongkai.index.document.NoticeDocuments;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.gongkai.index.lifecycle.IndexBootstrap;
import org.gongkai.index.lifecycle.IndexTemplate;
import org.gongkai.portal.query.PortalQuery;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Benchmark harness, not a test (its name matches neither {@code *Test} nor {@code *IT}, so builds skip it): the
 * latency of the portal's requests with the query files of this build ("after") against another set of query files
 * ("before", e.g. those of commit dccf4f5, before one result per notice), on the same index, in the same JVM,
 * alternated. Run:
 *
 * <pre>
 * mkdir -p /tmp/before &amp;&amp; for f in full-text facets browse document-number more-like-this; do
 *   git show dccf4f5:docs/portal-queries/$f.json &gt; /tmp/before/$f.json; done
 * ./mvnw -B -o verify -pl index-service -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dit.test=PortalSearchBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dgongkai.bench.before=/tmp/before
 * </pre>
 *
 * <p>The index: the service's template and bootstrap, {@code gongkai.bench.docs} (10,000) synthetic notices, about
 * one in ten a Traditional mirror copy of another (same identity, the mirror flags), seeded (same documents every
 * run). Text is drawn from a small vocabulary of policy words, so every query matches a large share of the index
 * (the costly case for collapse and per-bucket cardinality). Synthetic figures: not a portal's real load.
 *
 * <p>Each round runs, for each variant in turn (the order rotates by round), every kind of request:
 * full text with facets (8 queries), browse with facets (first page, and with a site selected), the 文号 lookup
 * (10 numbers, half of them mirrored) and related notices (10 notices).
 * Two ablations of "after" run full text and browse only, to tell the costs apart: without the facet buckets'
 * {@code notices} cardinality, and without {@code inner_hits}. The first {@code gongkai.bench.warmup-rounds} (2)
 * rounds are not counted; then {@code gongkai.bench.rounds} (6).
 * Printed per kind and variant: p50, p90 and mean of the wall time seen by the client (HTTP to the node) and of
 * Elasticsearch's {@code took}, over all timed requests.
 */
class PortalSearchBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] WORDS = {
        "垃圾分类", "营商环境", "城市管理", "公共服务", "安全生产", "环境保护", "财政资金", "预算管理", "政务公开", "行政审批",
        "市场监管", "住房保障", "老旧小区", "改造", "交通运输", "高速公路", "收费站", "教育", "医疗卫生", "社会保障",
        "就业创业", "乡村振兴", "农业农村", "水利工程", "防汛抗旱", "应急管理", "消防", "食品安全", "药品监管", "知识产权",
        "科技创新", "数字政府", "信息化", "统计调查", "审计", "税收", "彩票", "发行销售", "土地", "建设项目",
        "用地", "规划", "自然资源", "生态环境", "文化旅游", "体育", "民政", "养老服务", "残疾人", "退役军人",
        "通知", "意见", "办法", "实施方案", "工作要点", "复函", "批复", "公告", "决定", "规定"
    };
    private static final String[] QUERIES = {"垃圾分类", "营商环境", "高速公路收费站", "彩票发行销售", "老旧小区改造", "数字政府", "应急管理", "通知"};
    private static final String[] SITES = {
        "province", "city-a", "city-b", "city-c", "county-a", "county-b", "dept-a", "dept-b", "dept-c", "tw-mirror"
    };
    private static final String[] PUBLISHERS = new String[20];
    private static final String[] GENRES = {"通知", "意见", "办法", "复函", "公告", "决定"};
    private static final String[] SUBJECTS = {"综合政务", "城乡建设", "财政金融", "农业水利", "教育文化"};

    static {
        for (int i = 0; i < PUBLISHERS.length; i++) {
            PUBLISHERS[i] = "某市第" + (i + 1) + "局";
        }
    }

    /**
     * "before" and "after", and two ablations of "after" for full text and browse only: without the facet buckets'
     * notice counts ({@code notices} cardinality under each bucket), and without {@code inner_hits} (the copies).
     */
    private static final List<String> VARIANTS =
            List.of("before", "after", "after-no-bucket-cardinality", "after-no-inner-hits");

    private final int docs = Integer.getInteger("gongkai.bench.docs", 10_000);
    private final int rounds = Integer.getInteger("gongkai.bench.rounds", 6);
    private final int warmup = Integer.getInteger("gongkai.bench.warmup-rounds", 2);
    private final List<String> mirroredNumbers = new ArrayList<>();
    private final List<String> plainNumbers = new ArrayList<>();
    private final List<String[]> relatedOf = new ArrayList<>();

    @Test
    void run() throws Exception {
        String beforeDir = System.getProperty("gongkai.bench.before");
        if (beforeDir == null) {
            throw new IllegalStateException("-Dgongkai.bench.before=<dir with the query files to compare with>");
        }
        Map<String, String> before = new LinkedHashMap<>();
        for (String f : List.of("full-text", "facets", "browse", "document-number", "more-like-this")) {
            before.put(f, Files.readString(Path.of(beforeDir, f + ".json")));
        }
        ElasticsearchClient client = ElasticsearchClients.client(
                ElasticsearchClients.restClient(new ElasticsearchProperties(
                        List.of(URI.create(RealServers.elasticsearchUrl())),
                        null,
                        null,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(60),
                        null)),
                ElasticsearchClients.jsonpMapper());
        IndexNames names = new IndexNames(
                "search-bench-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT), 1);
        try {
            new IndexBootstrap(client, names, IndexTemplate.load().forIndex(names, 0)).run();
            int mirrors = index(client, names);
            client.indices().refresh(r -> r.index(names.writeAlias()));
            client.indices().forcemerge(r -> r.index(names.writeAlias()).maxNumSegments(1L));
            System.out.printf(
                    Locale.ROOT,
                    "PortalSearchBenchmark: %d documents (%d mirror copies), %d warm-up + %d timed rounds, %d cores%n",
                    docs,
                    mirrors,
                    warmup,
                    rounds,
                    Runtime.getRuntime().availableProcessors());
            measure(names.readAlias(), before);
        } finally {
            client.indices().delete(d -> d.index(names.index()));
            client._transport().close();
        }
    }

    private int index(ElasticsearchClient client, IndexNames names) throws IOException {
        Random random = new Random(16);
        List<PortalFixtures.Fixture> originals = new ArrayList<>();
        List<PortalFixtures.Fixture> batch = new ArrayList<>();
        int mirrors = 0;
        for (int i = 0; i < docs; i++) {
            PortalFixtures.Fixture f;
            if (i >= 10 && random.nextInt(10) == 0) {
                PortalFixtures.Fixture original = originals.get(random.nextInt(originals.size()));
                var n = original.notice();
                f = PortalFixtures.onSite("m" + i, "tw-mirror", "http://tw.mirror.example.org/hk/" + i + ".html")
                        .identity(n.details().identity().key())
                        .flags("traditional_script", "mirror_artefacts")
                        .title(n.title())
                        .body(n.body())
                        .publisher(n.metadata().publisher())
                        .numbers(n.metadata().indexNumber(), n.metadata().documentNumber())
                        .subject(n.subject().first(), n.subject().second())
                        .genre(n.metadata().genre())
                        .published(n.metadata().publishedAt().toLocalDate().toString())
                        .build();
                mirrors++;
                if (mirroredNumbers.size() < 5
                        && !mirroredNumbers.contains(n.metadata().documentNumber())) {
                    mirroredNumbers.add(n.metadata().documentNumber());
                }
            } else {
                int year = 2019 + random.nextInt(6);
                String site = SITES[random.nextInt(SITES.length - 1)];
                String genre = GENRES[random.nextInt(GENRES.length)];
                f = PortalFixtures.onSite("n" + i, site, "http://" + site + ".example.gov.cn/art/" + i + ".html")
                        .identity(String.format(Locale.ROOT, "%016x", 0x5eed0000L + i))
                        .title(words(random, 4) + "的" + genre)
                        .body(words(random, 200))
                        .publisher(PUBLISHERS[random.nextInt(PUBLISHERS.length)])
                        .numbers(
                                String.format(Locale.ROOT, "00%07d/%d-%05d", random.nextInt(50), year, i),
                                "某府发〔" + year + "〕" + i + "号")
                        .subject(SUBJECTS[random.nextInt(SUBJECTS.length)], "其他")
                        .genre(genre)
                        .published(String.format(
                                Locale.ROOT, "%d-%02d-%02d", year, 1 + random.nextInt(12), 1 + random.nextInt(28)))
                        .build();
                originals.add(f);
                if (i % 997 == 0 && plainNumbers.size() < 5) {
                    plainNumbers.add(f.notice().metadata().documentNumber());
                }
                if (i % 911 == 0 && relatedOf.size() < 10) {
                    relatedOf.add(new String[] {
                        f.id(), f.notice().details().identity().key()
                    });
                }
            }
            batch.add(f);
            if (batch.size() == 1000 || i == docs - 1) {
                BulkRequest.Builder bulk = new BulkRequest.Builder();
                for (PortalFixtures.Fixture b : batch) {
                    bulk.operations(o -> o.index(x -> x.index(names.writeAlias())
                            .id(b.id())
                            .document(NoticeDocuments.of(b.notice(), Instant.now()))));
                }
                BulkResponse response = client.bulk(bulk.build());
                if (response.errors()) {
                    throw new IllegalStateException(
                            "bulk errors: " + response.items().get(0));
                }
                batch.clear();
            }
        }
        return mirrors;
    }

    private static String words(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]);
            if (i % 12 == 11) {
                text.append('。');
            }
        }
        return text.toString();
    }

    private void measure(String alias, Map<String, String> before) throws Exception {
        Map<String, Map<String, List<long[]>>> timings = new LinkedHashMap<>();
        for (int round = 0; round < warmup + rounds; round++) {
            List<String> order = new ArrayList<>(VARIANTS);
            java.util.Collections.rotate(order, round);
            for (String variant : order) {
                for (Map.Entry<String, List<Supplier<ObjectNode>>> kind :
                        requests(variant, before).entrySet()) {
                    for (Supplier<ObjectNode> request : kind.getValue()) {
                        long[] t = time(alias, request.get());
                        if (round >= warmup) {
                            timings.computeIfAbsent(kind.getKey(), k -> new LinkedHashMap<>())
                                    .computeIfAbsent(variant, v -> new ArrayList<>())
                                    .add(t);
                        }
                    }
                }
            }
        }
        System.out.println(
                "kind         variant                      n    wall p50/p90/mean ms      took p50/p90/mean ms");
        timings.forEach((kind, byVariant) -> byVariant.forEach((variant, list) -> System.out.printf(
                Locale.ROOT,
                "%-12s %-28s %-4d %6.1f %6.1f %6.1f        %6.1f %6.1f %6.1f%n",
                kind,
                variant,
                list.size(),
                percentile(list, 0, 0.5) / 1e6,
                percentile(list, 0, 0.9) / 1e6,
                mean(list, 0) / 1e6,
                percentile(list, 1, 0.5),
                percentile(list, 1, 0.9),
                mean(list, 1))));
    }

    private Map<String, List<Supplier<ObjectNode>>> requests(String variant, Map<String, String> before) {
        if (variant.startsWith("after-")) {
            return ablation(variant, before);
        }
        boolean after = variant.equals("after");
        Map<String, List<Supplier<ObjectNode>>> kinds = new LinkedHashMap<>();
        List<Supplier<ObjectNode>> fullText = new ArrayList<>();
        for (String q : QUERIES) {
            fullText.add(() -> after
                    ? PortalQuery.load(PortalQuery.FULL_TEXT)
                            .with("q", q)
                            .withFacets()
                            .build()
                    : PortalQuery.parse("before full-text", withFacets(before, "full-text"))
                            .with("q", q)
                            .build());
        }
        kinds.put("full-text", fullText);
        List<Supplier<ObjectNode>> browse = new ArrayList<>();
        for (List<String> sites : List.of(List.<String>of(), List.of("province"), List.of("tw-mirror"))) {
            browse.add(() -> {
                PortalQuery query = after
                        ? PortalQuery.load(PortalQuery.BROWSE).withFacets()
                        : PortalQuery.parse("before browse", withFacets(before, "browse"));
                if (!sites.isEmpty()) {
                    query.with("sites", sites);
                }
                return query.build();
            });
        }
        kinds.put("browse", browse);
        List<Supplier<ObjectNode>> lookups = new ArrayList<>();
        List<String> numbers = new ArrayList<>(mirroredNumbers);
        numbers.addAll(plainNumbers);
        for (String number : numbers) {
            lookups.add(() -> (after
                            ? PortalQuery.load(PortalQuery.DOCUMENT_NUMBER)
                            : PortalQuery.parse("before document-number", before.get("document-number")))
                    .with("document_number", number)
                    .build());
        }
        kinds.put("doc-number", lookups);
        List<Supplier<ObjectNode>> related = new ArrayList<>();
        for (String[] notice : relatedOf) {
            related.add(() -> after
                    ? PortalQuery.load(PortalQuery.MORE_LIKE_THIS)
                            .with("notice_id", notice[0])
                            .build()
                    : PortalQuery.parse("before more-like-this", before.get("more-like-this"))
                            .with("notice_id", notice[0])
                            .build());
        }
        kinds.put("related", related);
        return kinds;
    }

    private Map<String, List<Supplier<ObjectNode>>> ablation(String variant, Map<String, String> before) {
        Map<String, List<Supplier<ObjectNode>>> kinds = new LinkedHashMap<>();
        requests("after", before).forEach((kind, list) -> {
            if (kind.equals("full-text") || kind.equals("browse")) {
                kinds.put(
                        kind,
                        list.stream()
                                .<Supplier<ObjectNode>>map(request -> () -> {
                                    ObjectNode body = request.get();
                                    if (variant.equals("after-no-inner-hits")) {
                                        ((ObjectNode) body.get("collapse")).remove("inner_hits");
                                    } else {
                                        body.get("aggs").forEach(PortalSearchBenchmark::dropBucketCounts);
                                    }
                                    return body;
                                })
                                .toList());
            }
        });
        return kinds;
    }

    private static void dropBucketCounts(JsonNode aggregation) {
        if (aggregation.get("aggs") instanceof ObjectNode sub) {
            sub.remove("notices");
            sub.forEach(PortalSearchBenchmark::dropBucketCounts);
            if (sub.isEmpty()) {
                ((ObjectNode) aggregation).remove("aggs");
            }
        }
    }

    /** A "before" file with the "before" facets.json added, as PortalQuery adds this build's. */
    private static String withFacets(Map<String, String> before, String file) {
        ObjectNode body = (ObjectNode) JSON.readTree(before.get(file));
        ObjectNode facets = (ObjectNode) JSON.readTree(before.get("facets"));
        ObjectNode query = (ObjectNode) body.get("query");
        if (!query.has("bool")) {
            ObjectNode bool = JSON.createObjectNode();
            bool.set("must", query.deepCopy());
            query.removeAll();
            query.set("bool", bool);
        }
        ObjectNode bool = (ObjectNode) query.get("bool");
        ArrayNode filter = bool.has("filter") ? (ArrayNode) bool.get("filter") : bool.putArray("filter");
        facets.get("filter").forEach(filter::add);
        ObjectNode aggs = body.has("aggs") ? (ObjectNode) body.get("aggs") : body.putObject("aggs");
        facets.get("aggs").properties().forEach(e -> aggs.set(e.getKey(), e.getValue()));
        return JSON.writeValueAsString(body);
    }

    /** Wall nanoseconds at the client and Elasticsearch's took (ms) of one search. */
    private static long[] time(String alias, ObjectNode body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(RealServers.elasticsearchUrl() + "/" + alias + "/_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        long wall = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return new long[] {wall, JSON.readTree(response.body()).path("took").asLong()};
    }

    private static double percentile(List<long[]> list, int column, double p) {
        long[] sorted = list.stream().mapToLong(t -> t[column]).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double mean(List<long[]> list, int column) {
        return list.stream().mapToLong(t -> t[column]).average().orElse(0);
    }
}
