package org.gongkai.ingest.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.EventCodec;
import org.gongkai.events.EventSerializer;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.attach.AttachmentCollector;
import org.gongkai.ingest.attach.AttachmentText;
import org.gongkai.ingest.attach.Documents;
import org.gongkai.ingest.crawl.CrawlReport;
import org.gongkai.ingest.crawl.InMemoryCrawlState;
import org.gongkai.ingest.crawl.SiteCrawler;
import org.gongkai.ingest.crawl.UrlState;
import org.gongkai.ingest.fetch.AddressGuard;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.fetch.HostResolver;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.HttpTransport;
import org.gongkai.ingest.fetch.JdkHttpTransport;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.ingest.fetch.PinnedHttpTransport;
import org.gongkai.ingest.fetch.RobotsPolicy;
import org.gongkai.ingest.publish.KafkaNoticePublisher;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.publish.RecordFit;
import org.gongkai.ingest.site.AttachmentProperties;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.gongkai.testsupport.RealServers;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

/**
 * A harness that prints figures, not a test: pages per second for fetch + charset detection + link extraction +
 * notice recognition + event serialisation against a fixture server on 127.0.0.1 with politeness off (one crawl
 * thread, as the crawler runs), and the heap taken by the crawl state at 10,000 and 1,000,000 known URLs.
 *
 * <p>Run: {@code java -cp <test classpath> org.gongkai.ingest.bench.CrawlBenchmark [notices]}. The first figures
 * replace publishing by serialising each event (made to fit a record as the publisher does, raw bytes left out)
 * with the contract's codec: with the service's transport ({@link
 * PinnedHttpTransport}), with {@link JdkHttpTransport} for comparison, and with one small PDF attachment per
 * notice fetched and its text extracted (Tika); the next publishes through the service's {@link
 * KafkaNoticePublisher} (acks=all, idempotent, one acknowledged send per notice, as the crawler runs) to the real
 * broker from {@link RealServers}, started before the clock runs.
 */
public final class CrawlBenchmark {

    private static final String NOTICE = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>东湖区人民政府办公室关于印发管理办法的通知 %1$d</title></head>
            <body><div class="header"><a href="/">首页</a><a href="/xxgk/">信息公开</a></div>
            <table class="xxgk-meta"><tr><th>索　引　号：</th><td>11360102014512345X/2023-%1$05d</td><th>主题分类：</th><td>城乡建设、环境保护\\城乡建设</td></tr>
            <tr><th>发布机构：</th><td>东湖区人民政府办公室</td><th>成文日期：</th><td>2023-08-28</td></tr>
            <tr><th>文　　号：</th><td>东府办发〔2023〕%1$d号</td><th>有效性：</th><td>有效</td></tr></table>
            <div class="TRS_Editor">%2$s</div></body></html>
            """;

    public static void main(String[] args) throws Exception {
        // The JDK's fixture server otherwise waits for delayed ACKs (Nagle): ~40 ms per response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int notices = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        System.out.printf(
                "cores available: %d, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        throughput(Math.min(notices, 500), null, "pinned", false); // warm-up
        throughput(notices, null, "pinned", false);
        throughput(Math.min(notices, 500), null, "jdk", false); // warm-up
        throughput(notices, null, "jdk", false);
        throughput(Math.min(notices, 200), null, "pinned", true); // warm-up
        throughput(notices, null, "pinned", true);
        String kafka = RealServers.kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(Topics.RAW, 1, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            // already there
        }
        DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                EventSerializer.class));
        try {
            NoticePublisher kafkaPublisher = new KafkaNoticePublisher(new KafkaTemplate<>(factory), "bench");
            throughput(Math.min(notices, 500), kafkaPublisher, "pinned", false); // warm-up
            throughput(notices, kafkaPublisher, "pinned", false);
        } finally {
            factory.destroy();
        }
        memory(10_000);
        memory(1_000_000);
    }

    /**
     * @param kafka       the publisher to Kafka, or null to only serialise the events
     * @param transport   {@code pinned} (the service's) or {@code jdk}
     * @param attachments whether each notice links a small PDF that is fetched and parsed
     */
    private static void throughput(int notices, NoticePublisher kafka, String transportName, boolean attachments)
            throws Exception {
        String paragraph = "<p>" + "为切实做好今冬清洁取暖工作，现就有关事项通知如下。".repeat(40) + "</p>";
        byte[] pdf = Documents.pdf("Implementation plan for clean heating in the winter of 2023", "Annex 1: budget");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, notices, paragraph, attachments ? pdf : null));
        server.start();
        HttpTransport transport = transportName.equals("jdk")
                ? new JdkHttpTransport(Duration.ofSeconds(5))
                : new PinnedHttpTransport(Duration.ofSeconds(5));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AttachmentCollector collector = attachments
                ? new AttachmentCollector(
                        AttachmentProperties.defaults(),
                        new AttachmentText(
                                AttachmentProperties.defaults().contentTypes(),
                                1 << 20,
                                Duration.ofSeconds(30),
                                2,
                                meters),
                        Duration.ofMinutes(2),
                        meters)
                : null;
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            MinDelayPoliteness politeness = new MinDelayPoliteness(TestConfigs.politeness(Duration.ZERO), meters);
            HttpFetcher fetcher = new HttpFetcher(
                    transport,
                    new AddressGuard(HostResolver.SYSTEM),
                    politeness,
                    TestConfigs.fetch(Duration.ofSeconds(5), Duration.ofSeconds(30), DataSize.ofMegabytes(10), 5),
                    "Gongkai/bench",
                    meters,
                    Clock.systemUTC());
            AtomicLong bytes = new AtomicLong();
            RecordFit fit = new RecordFit(1024 * 1024); // as the publisher makes the record: raw bytes left out
            NoticePublisher publisher = new NoticePublisher() {
                @Override
                public void publish(RawNotice notice) throws PublishException, InterruptedException {
                    if (kafka != null) {
                        kafka.publish(notice);
                    } else {
                        bytes.addAndGet(EventCodec.instance().write(fit.fit(notice)).length);
                    }
                }

                @Override
                public void publishTombstone(String noticeId) {}
            };
            SiteCrawler crawler = new SiteCrawler(
                    HostAssignment.ALL,
                    fetcher,
                    new RobotsPolicy(
                            fetcher,
                            politeness,
                            new IngestProperties.Robots(false, Duration.ofHours(1), Duration.ofHours(1)),
                            "Gongkai/bench",
                            meters,
                            Clock.systemUTC()),
                    publisher,
                    new InMemoryCrawlState(),
                    TestConfigs.state(),
                    collector,
                    meters,
                    Clock.systemUTC());
            Site site = new Site(
                    "bench",
                    null,
                    List.of(base + "/xxgk/index.html"),
                    List.of("127.0.0.0/8"),
                    null,
                    null,
                    null,
                    100_000,
                    Site.Pagination.NONE,
                    1,
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    false);
            long start = System.nanoTime();
            CrawlReport report = crawler.crawl(site);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "throughput (%s transport%s%s): %d notices published in %.2f s = %.0f pages/s on one crawl"
                            + " thread%s%n",
                    transportName,
                    attachments ? ", one PDF attachment per notice extracted" : "",
                    kafka != null ? ", Kafka publish" : "",
                    report.published(),
                    seconds,
                    report.published() / seconds,
                    kafka != null ? "" : " (%.1f MiB of events)".formatted(bytes.get() / 1048576.0));
        } finally {
            if (collector != null) {
                collector.close();
            }
            if (transport instanceof PinnedHttpTransport pinned) {
                pinned.close();
            }
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** @param pdf the attachment each notice links (its own URL per notice, so none is cached), or null */
    private static void serve(HttpExchange exchange, int notices, String paragraph, byte[] pdf) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body;
            if (pdf != null && path.startsWith("/files/")) {
                exchange.getResponseHeaders().set("Content-Type", "application/pdf");
                exchange.sendResponseHeaders(200, pdf.length);
                exchange.getResponseBody().write(pdf);
                return;
            }
            if (path.equals("/xxgk/index.html")) {
                StringBuilder list = new StringBuilder("<html><body><ul>");
                for (int i = 0; i < notices; i++) {
                    list.append("<li><a href=\"/xxgk/202311/t20231120_")
                            .append(i)
                            .append(".html\">通知")
                            .append(i)
                            .append("</a></li>");
                }
                body = list.append("</ul></body></html>").toString();
            } else {
                int id = Integer.parseInt(path.substring(path.lastIndexOf('_') + 1, path.lastIndexOf('.')));
                body = NOTICE.formatted(
                        id,
                        pdf == null ? paragraph : paragraph + "<p><a href=\"/files/plan_" + id + ".pdf\">实施方案</a></p>");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void memory(int urls) {
        long before = usedHeap();
        InMemoryCrawlState state = new InMemoryCrawlState();
        Instant now = Instant.now();
        for (int i = 0; i < urls; i++) {
            String url = "http://www.dhq.gov.test/xxgk/2023" + (i % 12 + 10) + "/t202311" + (i % 28 + 10) + "_" + i
                    + ".html";
            String id = NoticeIds.fromUrl(url);
            state.put(
                    id,
                    new UrlState(
                            url,
                            "dhq",
                            "\"" + Integer.toHexString(i) + "-5f3a2b\"",
                            "Mon, 20 Nov 2023 08:00:00 GMT",
                            NoticeIds.sha256Hex(url.getBytes(StandardCharsets.UTF_8)),
                            now,
                            200,
                            now.plusSeconds(3600),
                            3600,
                            0,
                            0,
                            null,
                            null,
                            null));
        }
        long after = usedHeap();
        System.out.printf(
                "memory: %,d known URLs take %.1f MiB of heap (%.0f bytes each)%n",
                state.size(), (after - before) / 1048576.0, (after - before) / (double) urls);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
