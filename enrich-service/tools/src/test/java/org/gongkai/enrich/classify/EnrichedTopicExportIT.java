package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventSerializer;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The topic export on a real broker: a topic of its own with two partitions, enriched events published with the
 * contract's serializer (superseded versions, a stale re-delivery, a tombstone, an aborted transaction, notices
 * without a usable declaration), then exported and read back as the trainer reads it.
 */
class EnrichedTopicExportIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void exportsLatestCommittedVersionOfEveryLabelledNotice() throws Exception {
        String bootstrap = RealServers.kafkaBootstrapServers();
        String topic = publishScenario(bootstrap);

        StringWriter out = new StringWriter();
        EnrichedTopicExport.Result result = new EnrichedTopicExport(bootstrap, topic, Duration.ofSeconds(60))
                .export(new CrawlCorpus(DeclaredCategoryMapper.standard()), out);

        List<JsonNode> lines = out.toString()
                .lines()
                .map(line -> (JsonNode) JSON.readTree(line))
                .toList();
        assertThat(lines)
                .extracting(
                        line -> line.path("id").asString(),
                        line -> line.path("title").asString(),
                        line -> line.path("first").asString())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", "新标题", "港澳台侨工作"),
                        org.assertj.core.groups.Tuple.tuple("e", "第三版", "财政、金融、审计"),
                        org.assertj.core.groups.Tuple.tuple("f", "农业通知", "农业、林业、水利"));
        assertThat(result.records()).isEqualTo(9);
        assertThat(result.tombstones()).isEqualTo(1);
        assertThat(result.malformed()).isZero();
        assertThat(result.stats()).isEqualTo(new CrawlCorpus.Stats(5, 3, 2));

        int[] skipped = new int[1];
        List<LabelledNotice> corpus =
                LabelledNotice.readJsonl(new StringReader(out.toString()), DeclaredCategoryMapper.standard(), skipped);
        assertThat(skipped[0]).isZero();
        assertThat(corpus).hasSize(3).noneMatch(LabelledNotice::background);
    }

    @Test
    void commandExportsAndTrainsInOneGo(@TempDir Path dir) throws Exception {
        String bootstrap = RealServers.kafkaBootstrapServers();
        String topic = publishScenario(bootstrap);
        Path export = dir.resolve("crawl.jsonl");
        Path model = dir.resolve("model.bin.gz");

        // The crawl export is tiny: the project's corpus joins it, as an operator would bootstrap.
        TrainFromCrawl.main(new String[] {
            "--from-topic",
            bootstrap,
            "--topic",
            topic,
            "--export",
            export.toString(),
            "--corpus",
            "src/test/resources/classify/subject-corpus.jsonl",
            "--out",
            model.toString(),
            "--version",
            "subject-crawl-it",
            "--epochs",
            "2"
        });

        assertThat(Files.readAllLines(export))
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).contains("\"declared\""));
        assertThat(SubjectModel.load(model).version()).isEqualTo("subject-crawl-it");
    }

    @Test
    void missingTopicFails() {
        EnrichedTopicExport export = new EnrichedTopicExport(
                RealServers.kafkaBootstrapServers(), "export-it-missing-" + UUID.randomUUID(), Duration.ofSeconds(5));

        assertThatThrownBy(() -> export.export(new CrawlCorpus(DeclaredCategoryMapper.standard()), new StringWriter()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Publishes the scenario to a new topic: notices a, e, f are the labelled latest versions. */
    private static String publishScenario(String bootstrap) throws Exception {
        String topic = "export-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, EnrichedNotice> producer = producer(bootstrap, null)) {
            send(producer, topic, CrawlCorpusNotice.of("a", 1, "旧标题", "城乡建设、环境保护\\城市规划"));
            send(producer, topic, CrawlCorpusNotice.of("b", 1, "将被删除", "公安、司法"));
            send(producer, topic, CrawlCorpusNotice.of("c", 1, "未声明分类", null));
            send(producer, topic, CrawlCorpusNotice.of("d", 1, "本地分类", "本站自定义栏目"));
            send(producer, topic, CrawlCorpusNotice.of("a", 2, "新标题", "港澳台工作"));
            send(producer, topic, CrawlCorpusNotice.of("e", 3, "第三版", "税务"));
            send(producer, topic, CrawlCorpusNotice.of("e", 2, "迟到的第二版", "国防"));
            producer.send(new ProducerRecord<>(topic, "b", null)).get();
            send(producer, topic, CrawlCorpusNotice.of("f", 1, "农业通知", "农业、畜牧业、渔业、林业、水利、粮食"));
        }
        try (KafkaProducer<String, EnrichedNotice> producer = producer(bootstrap, "export-it-" + UUID.randomUUID())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "g", CrawlCorpusNotice.of("g", 1, "中止的事务", "国防")))
                    .get();
            producer.abortTransaction();
        }

        return topic;
    }

    private static void send(KafkaProducer<String, EnrichedNotice> producer, String topic, EnrichedNotice notice)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, notice.noticeId(), notice)).get();
    }

    private static KafkaProducer<String, EnrichedNotice> producer(String bootstrap, String transactionalId) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                EventSerializer.class));
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(config);
    }

    /** Shorthand for the events of this test. */
    private static final class CrawlCorpusNotice {
        static EnrichedNotice of(String id, long version, String title, String declared) {
            return CrawlNotices.enriched(id, version, title, "正文" + id, declared);
        }
    }
}
