package org.gongkai.local.faultrun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gongkai.local.Services;
import org.gongkai.local.Services.Service;
import org.gongkai.servers.ChildProcess;
import org.gongkai.servers.LocalElasticsearch;
import org.gongkai.servers.LocalKafka;
import org.gongkai.servers.Ports;

/**
 * The fault run's own servers and services, each a process on loopback: a Kafka broker and an Elasticsearch node
 * (its own, not the shared test servers, because the run stops them) and ingest-, enrich- and index-service from
 * their built jars, with the crawler pointed at the {@link FaultPortal}. Faults: {@link #kill(Service)} (SIGKILL of
 * the service's process tree, no shutdown hook runs), {@link #restart(Service)} (same port, so enrich-service gets
 * the same transactional id back), Elasticsearch stopped and started, the broker restarted.
 *
 * <p>Not thread-safe: the run's one thread drives it.
 */
final class Pipeline implements AutoCloseable {

    static final List<Service> SERVICES = List.of(Service.INDEX, Service.ENRICH, Service.INGEST);

    private final Path repo;
    private final Path dir;
    private final LocalKafka kafka;
    private final LocalElasticsearch es;
    private final Services.Wiring wiring;
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Map<Service, ChildProcess> processes = new EnumMap<>(Service.class);
    private final List<String> ingestArgs;

    private Pipeline(
            Path repo, Path dir, LocalKafka kafka, LocalElasticsearch es, Path sites, List<String> ingestArgs) {
        this.repo = repo;
        this.dir = dir;
        this.kafka = kafka;
        this.es = es;
        this.wiring = new Services.Wiring(kafka.bootstrapServers(), es.url(), sites);
        this.ingestArgs = ingestArgs;
    }

    /** Starts the broker, the node and the three services (index first, so the index exists), ready. */
    static Pipeline start(Path repo, Path dir, FaultPortal portal, Duration crawlEvery) throws IOException {
        LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"), 0, null);
        LocalElasticsearch es;
        try {
            es = startNode(dir);
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
        Path sites = dir.resolve("sites.yml");
        Files.writeString(sites, """
                gongkai:
                  ingest:
                    sites:
                      - id: faultrun
                        name: Fault-injection portal
                        list-urls: [ "%s" ]
                        allowed-networks: [127.0.0.0/8]
                        pagination: none
                        max-pages: 100000
                        schedule: %s
                        revisit-min: 2s
                        revisit-max: 6s
                        politeness:
                          min-delay: 20ms
                """.formatted(portal.listUrl(), crawlEvery.toMillis() + "ms"));
        // Back-off, pause and robots deferral shortened from minutes to seconds so recovery fits a test run.
        List<String> ingestArgs = List.of(
                "--gongkai.ingest.initial-delay=1s",
                "--gongkai.ingest.fetch.retries=1",
                "--gongkai.ingest.politeness.backoff-base=200ms",
                "--gongkai.ingest.politeness.backoff-max=3s",
                "--gongkai.ingest.politeness.pause=5s",
                "--gongkai.ingest.robots.defer-on-error=3s");
        Pipeline pipeline = new Pipeline(repo, dir, kafka, es, sites, ingestArgs);
        try {
            for (Service service : SERVICES) {
                pipeline.ports.put(service, Ports.freePort());
                pipeline.launch(service);
            }
            for (Service service : SERVICES) {
                pipeline.awaitReady(service);
            }
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
        return pipeline;
    }

    /** A new node, tried twice (see {@link #startElasticsearch()}). */
    private static LocalElasticsearch startNode(Path dir) {
        try {
            return LocalElasticsearch.start(
                    LocalElasticsearch.defaultZip(),
                    dir.resolve("elasticsearch"),
                    0,
                    "512m",
                    LocalElasticsearch.defaultPlugins());
        } catch (IllegalStateException notReady) {
            return LocalElasticsearch.start(
                    LocalElasticsearch.defaultZip(),
                    dir.resolve("elasticsearch"),
                    0,
                    "512m",
                    LocalElasticsearch.defaultPlugins());
        }
    }

    String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    String elasticsearchUrl() {
        return es.url();
    }

    int port(Service service) {
        return ports.get(service);
    }

    /** SIGKILL of the service's process and its descendants; returns once it is gone. */
    void kill(Service service) {
        ChildProcess process = processes.remove(service);
        ProcessHandle root = ProcessHandle.of(process.pid()).orElse(null);
        if (root == null) {
            return;
        }
        List<ProcessHandle> tree = new java.util.ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(service.module + " survived SIGKILL", e);
            }
        }
    }

    /** Starts the service again on its port and waits until it is ready. */
    void restart(Service service) {
        launch(service);
        awaitReady(service);
    }

    void stopElasticsearch() {
        es.stop();
    }

    /**
     * Starts the node again; a second attempt when the first is not ready within {@link LocalElasticsearch}'s
     * limit (3 minutes), which a loaded shared machine can exceed — the run measures the pipeline, not the node.
     */
    void startElasticsearch() {
        try {
            es.start();
        } catch (IllegalStateException notReady) {
            es.stop();
            es.start();
        }
    }

    /** Stops the broker (controlled shutdown) and starts it again on the same ports and data. */
    void restartKafka() {
        kafka.stop();
        kafka.start();
    }

    /** The log tails of the services, for failure messages. */
    String logTails() {
        StringBuilder out = new StringBuilder();
        processes.values().forEach(p -> out.append(p.logTail()).append('\n'));
        return out.toString();
    }

    Path logs() {
        return dir.resolve("logs");
    }

    private void launch(Service service) {
        processes.put(
                service,
                Services.start(
                        repo,
                        service,
                        ports.get(service),
                        wiring,
                        logs(),
                        service == Service.INGEST ? ingestArgs : List.of()));
    }

    private void awaitReady(Service service) {
        Services.awaitReady(processes.get(service), ports.get(service), Duration.ofSeconds(240));
    }

    @Override
    public void close() {
        processes.values().forEach(ChildProcess::stop);
        processes.clear();
        es.stop();
        kafka.stop();
    }
}
