package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SearchableCountTest {

    @Test
    void itCountsTheDocumentsASearchThroughTheAliasFindsSinceTheFirstCountAndAFailedCountIsNaN() throws Exception {
        List<String> answers = List.of(
                "{\"count\":23000,\"_shards\":{\"total\":1}}",
                "{\"count\":23150,\"_shards\":{\"total\":1}}",
                "{\"error\":{\"type\":\"index_not_found_exception\"},\"status\":404}",
                "{\"count\":23400,\"_shards\":{\"total\":1}}");
        AtomicInteger asked = new AtomicInteger();
        HttpServer node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        node.createContext("/notices/_count", exchange -> {
            String answer = answers.get(asked.getAndIncrement());
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.contains("error") ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        node.start();
        try {
            SearchableCount count = new SearchableCount(
                    new Elastic("http://127.0.0.1:" + node.getAddress().getPort()), "notices");

            assertThat(count.sinceFirst()).isZero();
            assertThat(count.sinceFirst()).isEqualTo(150);
            assertThat(count.sinceFirst()).isNaN();
            assertThat(count.sinceFirst()).isEqualTo(400);
        } finally {
            node.stop(0);
        }
    }
}
