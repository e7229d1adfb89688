package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StackStatusTest {

    @Test
    void aRefusedOperatorPasswordSaysSoInsteadOfLeavingTheCrawlsOutSilently() {
        assertThat(StackStatus.crawlsNotShown(401, "q3Vx9plainRandom"))
                .startsWith("not shown: ingest-service refused the operator password of .gongkai/operator-password"
                        + " (HTTP 401)")
                .contains("gongkai restart ingest-service");
    }

    @Test
    void anEncodedPasswordInTheFileIsNamedAsTheReasonForARefusal() {
        assertThat(StackStatus.crawlsNotShown(401, "{bcrypt}$2a$10$abcdefghijklmnopqrstuu"))
                .contains("HTTP 401")
                .contains("needs the plain password");
    }

    @Test
    void noAnswerAndOtherStatusesAreNamed() {
        assertThat(StackStatus.crawlsNotShown(0, "x")).contains("did not answer within 5 s");
        assertThat(StackStatus.crawlsNotShown(503, "x"))
                .isEqualTo("not shown: ingest-service's /actuator/crawl answered HTTP 503");
    }

    @Test
    void theIndexLineSaysTheCountIsNotKnownWhenElasticsearchGivesNoneInsteadOfSayingZero() throws IOException {
        HttpServer es = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        es.createContext("/notices/_count", exchange -> {
            byte[] body = "{\"count\":42,\"_shards\":{}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        es.start();
        int closed;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        try {
            assertThat(StackStatus.indexLine(
                            "http://127.0.0.1:" + es.getAddress().getPort()))
                    .isEqualTo("notices in the index: 42");
            assertThat(StackStatus.indexLine("http://127.0.0.1:" + closed))
                    .isEqualTo("notices in the index: not known (Elasticsearch at http://127.0.0.1:" + closed
                            + " gave no count within 5 s)");
        } finally {
            es.stop(0);
        }
    }
}
