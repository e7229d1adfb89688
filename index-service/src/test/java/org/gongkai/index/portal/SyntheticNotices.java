package org.gongkai.index.portal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.gongkai.index.IndexNames;
import org.gongkai.index.document.NoticeDocuments;
import org.gongkai.index.lifecycle.IndexBootstrap;
import org.gongkai.index.lifecycle.IndexTemplate;

/**
 * The portal benchmarks' index ({@link PortalSearchBenchmark}, {@link PortalCostsBenchmark}): the service's template
 * and bootstrap, {@code docs} synthetic notices, about one in ten a Traditional mirror copy of another (same
 * identity, the mirror flags), seeded (the same documents every run), force-merged to one segment. Text is drawn from
 * a small vocabulary of policy words, so every query matches a large share of the index (the costly case for collapse
 * and per-bucket cardinality). Synthetic: not a portal's real load. Not thread-safe (one per harness run).
 */
final class SyntheticNotices {

    private static final String[] WORDS = {
        "垃圾分类", "营商环境", "城市管理", "公共服务", "安全生产", "环境保护", "财政资金", "预算管理", "政务公开", "行政审批",
        "市场监管", "住房保障", "老旧小区", "改造", "交通运输", "高速公路", "收费站", "教育", "医疗卫生", "社会保障",
        "就业创业", "乡村振兴", "农业农村", "水利工程", "防汛抗旱", "应急管理", "消防", "食品安全", "药品监管", "知识产权",
        "科技创新", "数字政府", "信息化", "统计调查", "审计", "税收", "彩票", "发行销售", "土地", "建设项目",
        "用地", "规划", "自然资源", "生态环境", "文化旅游", "体育", "民政", "养老服务", "残疾人", "退役军人",
        "通知", "意见", "办法", "实施方案", "工作要点", "复函", "批复", "公告", "决定", "规定"
    };
    static final List<String> QUERIES = List.of("垃圾分类", "营商环境", "高速公路收费站", "彩票发行销售", "老旧小区改造", "数字政府", "应急管理", "通知");
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

    private final int docs;
    private final List<String> mirroredNumbers = new ArrayList<>();
    private final List<String> plainNumbers = new ArrayList<>();
    private final List<String> relatedOf = new ArrayList<>();
    private int mirrors;

    SyntheticNotices(int docs) {
        this.docs = docs;
    }

    /** Names of a new index: {@code prefix} and a random part. */
    static IndexNames uniqueNames(String prefix) {
        return new IndexNames(
                prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT), 1);
    }

    /** Makes the index {@code names} of the template holding the notices, merged to one segment. */
    void build(ElasticsearchClient client, IndexNames names) throws IOException {
        new IndexBootstrap(client, names, IndexTemplate.load().forIndex(names, 0)).run();
        mirrors = index(client, names);
        client.indices().refresh(r -> r.index(names.writeAlias()));
        client.indices().forcemerge(r -> r.index(names.writeAlias()).maxNumSegments(1L));
    }

    int docs() {
        return docs;
    }

    int mirrors() {
        return mirrors;
    }

    /** 文号 to look up: five of mirrored notices, five of notices on one site. */
    List<String> numbers() {
        List<String> numbers = new ArrayList<>(mirroredNumbers);
        numbers.addAll(plainNumbers);
        return numbers;
    }

    /** Ids of ten notices to show related notices of. */
    List<String> relatedOf() {
        return relatedOf;
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
                    relatedOf.add(f.id());
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
}
