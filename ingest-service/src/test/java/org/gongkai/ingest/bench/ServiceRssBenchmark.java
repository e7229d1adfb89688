package org.gongkai.ingest.bench;

import static org.gongkai.ingest.PortalFarm.html;
import static org.gongkai.ingest.PortalFarm.list;
import static org.gongkai.ingest.PortalFarm.notice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.Topics;
import org.gongkai.ingest.PortalFarm;
import org.gongkai.servers.ChildProcess;
import org.gongkai.testsupport.RealServers;

/**
 * Resident memory (VmRSS from {@code /proc/<pid>/status}) of the ingest-service jar, launched as a child process
 * with the JVM options given, while it crawls a loopback portal (synthetic: {@code sites} list pages of
 * {@code notices} notices each, ~4 KiB of Chinese text a notice, recrawled every 15 s) and publishes to the real
 * broker. Prints the peak and the last RSS after the first round and {@code steady-seconds} of recrawls. Not a
 * test: a harness that prints figures.
 *
 * <p>Run (after {@code ./mvnw -q -DskipTests package -pl ingest-service -am}), in a JVM of its own: {@code java
 * -cp … org.gongkai.ingest.bench.ServiceRssBenchmark "<jvm options>" [sites] [notices] [steady-seconds]}; a
 * {@code NAME=value} word among the options is set in the child's environment (e.g. {@code MALLOC_ARENA_MAX=2}).
 */
public final class ServiceRssBenchmark {

    private static final String HOST = "127.0.0.1";

    public static void main(String[] args) throws Exception {
        List<String> jvm = new ArrayList<>();
        Map<String, String> env = new HashMap<>();
        for (String word : args[0].trim().split("\\s+")) {
            if (word.matches("[A-Z_]+=.*")) {
                env.put(word.substring(0, word.indexOf('=')), word.substring(word.indexOf('=') + 1));
            } else if (!word.isEmpty()) {
                jvm.add(word);
            }
        }
        int sites = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int notices = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        int steadySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        Path jar = Path.of("target/ingest-service.jar").toAbsolutePath();
        Path work = Files.createTempDirectory("ingest-rss");
        String runId = Long.toString(System.nanoTime(), 36);
        try (PortalFarm portal = new PortalFarm()) {
            Set<String> expected = new HashSet<>();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvm);
            command.addAll(List.of(
                    "-jar",
                    jar.toString(),
                    "--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                    "--gongkai.ingest.initial-delay=0s",
                    "--gongkai.ingest.crawl-interval=15s",
                    "--gongkai.ingest.politeness.min-delay=0s",
                    "--gongkai.ingest.state.topic=bench.crawl-state." + runId,
                    "--gongkai.ingest.state.directory=" + work.resolve("state")));
            for (int s = 0; s < sites; s++) {
                List<String> links = new ArrayList<>();
                for (int n = 0; n < notices; n++) {
                    String path = "/" + runId + "/s" + s + "/n" + n + ".html";
                    links.add(path);
                    portal.on(HOST, path, html(notice("B/" + runId + "-" + s + "-" + n, body(s, n))));
                    expected.add(NoticeIds.fromUrl(portal.url(HOST, path)));
                }
                String list = "/" + runId + "/s" + s + "/index.html";
                portal.on(HOST, list, html(list(links, null)));
                command.add("--gongkai.ingest.sites[" + s + "].id=rss-" + s);
                command.add("--gongkai.ingest.sites[" + s + "].list-urls[0]=" + portal.url(HOST, list));
                command.add("--gongkai.ingest.sites[" + s + "].allowed-networks[0]=127.0.0.0/8");
            }
            System.out.printf("JVM options %s, env %s, %d sites x %d notices%n", jvm, env, sites, notices);
            ChildProcess service = ChildProcess.start("ingest-service", command, work, env, work.resolve("ingest.log"));
            try {
                long start = System.nanoTime();
                long peak = 0;
                Set<String> seen = new HashSet<>();
                try (KafkaConsumer<String, byte[]> raw = consumer()) {
                    while (seen.size() < expected.size()) {
                        if (!service.isAlive()
                                || System.nanoTime() - start
                                        > Duration.ofMinutes(10).toNanos()) {
                            throw new IllegalStateException("round not done\n" + service.logTail());
                        }
                        for (ConsumerRecord<String, byte[]> r : raw.poll(Duration.ofSeconds(1))) {
                            if (expected.contains(r.key())) {
                                seen.add(r.key());
                            }
                        }
                        peak = Math.max(peak, rssKiB(service.pid()));
                    }
                }
                double round = (System.nanoTime() - start) / 1e9;
                long afterRound = rssKiB(service.pid());
                long steadyEnd =
                        System.nanoTime() + Duration.ofSeconds(steadySeconds).toNanos();
                while (System.nanoTime() < steadyEnd) {
                    peak = Math.max(peak, rssKiB(service.pid()));
                    waitForExit(service.pid(), Duration.ofSeconds(1)); // a sampling interval, unless it dies
                }
                long last = rssKiB(service.pid());
                peak = Math.max(peak, last);
                System.out.printf(
                        "first round (%d notices) in %.0f s; RSS after it %.0f MiB; after %d s of recrawls %.0f MiB;"
                                + " peak %.0f MiB%n",
                        expected.size(), round, afterRound / 1024.0, steadySeconds, last / 1024.0, peak / 1024.0);
            } finally {
                service.stop();
            }
        }
    }

    private static String body(int site, int notice) {
        String sentence = "为进一步加强农贸市场经营管理，规范市场秩序，保障食品安全，区人民政府办公室现将有关事项通知如下。";
        return (sentence + site + "-" + notice).repeat(30);
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"); // the service declares it
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
        // The topic is declared by the service: wait for it.
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty()) {
            partitions = consumer.partitionsFor(Topics.RAW, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static void waitForExit(long pid, Duration atMost) throws InterruptedException {
        try {
            ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException("ingest-service is gone"))
                    .onExit()
                    .get(atMost.toMillis(), TimeUnit.MILLISECONDS);
            throw new IllegalStateException("ingest-service exited");
        } catch (TimeoutException e) {
            // still running: next sample
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** VmRSS of a process in KiB (Linux), 0 when it is gone. */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return 0;
    }

    private ServiceRssBenchmark() {}
}
