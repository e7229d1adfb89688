package org.gongkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two ingest-service instances crawl the same four hosts (127.0.0.1 to 127.0.0.4, one site each, slow pages) at
 * the same time on a real Kafka broker; with coordination on, no host ever sees two requests in flight, and every
 * host is crawled.
 */
class CoordinationIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private final List<Host> hosts = new ArrayList<>();
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    /** A portal on one loopback address counting the requests in flight. */
    static final class Host {
        final HttpServer server;
        final ExecutorService executor = Executors.newFixedThreadPool(4);
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger noticeHits = new AtomicInteger();

        Host(String address) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
            server.setExecutor(executor);
            server.createContext("/", this::serve);
            server.start();
        }

        String url(String path) {
            return "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                    + server.getAddress().getPort() + path;
        }

        private void serve(HttpExchange exchange) throws IOException {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100); // a slow server widens the window for overlapping requests
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                // Counted out before answering: the client sends its next request only after the answer, so
                // one instance's consecutive requests never look concurrent; two instances' would.
                inFlight.decrementAndGet();
            }
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String body;
                if (path.equals("/index.html")) {
                    body = "<a href=\"/n1.html\">1</a><a href=\"/n2.html\">2</a><a href=\"/n3.html\">3</a>";
                } else if (path.startsWith("/n")) {
                    noticeHits.incrementAndGet();
                    body = "<p>索引号：X/2023-" + path + "</p><p>发布机构：某局</p>";
                } else {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] bytes = ("<html><head><meta charset=\"utf-8\"></head><body>" + body + "</body></html>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        }

        void stop() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @BeforeEach
    void startHosts() throws IOException {
        for (int i = 1; i <= 4; i++) {
            hosts.add(new Host("127.0.0." + i));
        }
    }

    @AfterEach
    void stopAll() {
        instances.forEach(ConfigurableApplicationContext::close);
        hosts.forEach(Host::stop);
    }

    private ConfigurableApplicationContext instance() {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                "--gongkai.ingest.initial-delay=0s",
                "--gongkai.ingest.crawl-interval=500ms",
                "--gongkai.ingest.politeness.min-delay=0s",
                "--gongkai.ingest.state.topic=it.crawl-state.coord-" + RUN,
                "--gongkai.ingest.state.revisit-min=0s",
                "--gongkai.ingest.coordination.enabled=true",
                "--gongkai.ingest.coordination.topic=it.crawl-hosts." + RUN,
                "--gongkai.ingest.coordination.group=it-crawlers-" + RUN));
        for (int i = 0; i < hosts.size(); i++) {
            args.add("--gongkai.ingest.sites[" + i + "].id=coord-" + i);
            args.add("--gongkai.ingest.sites[" + i + "].list-urls[0]="
                    + hosts.get(i).url("/index.html"));
            args.add("--gongkai.ingest.sites[" + i + "].allowed-networks=127.0.0.0/8");
        }
        return new SpringApplicationBuilder(IngestApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void twoInstancesNeverHaveTwoRequestsInFlightToOneHost() {
        instances.add(instance());
        instances.add(instance());

        // Both keep crawling every 500 ms; wait until every host served its notices several times.
        await().atMost(Duration.ofSeconds(90)).until(() -> hosts.stream().allMatch(h -> h.noticeHits.get() >= 9));

        for (Host host : hosts) {
            assertThat(host.maxInFlight).as(host.url("/")).hasValue(1);
        }
    }
}
