package org.gongkai.index.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.gongkai.elasticsearch.ElasticsearchProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ElasticsearchHealthIndicatorTest {

    @Test
    void isDownWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ElasticsearchProperties properties = new ElasticsearchProperties(
                List.of(URI.create("http://127.0.0.1:" + port)),
                null,
                null,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                null);
        try (ElasticsearchClient client = ElasticsearchClients.client(
                ElasticsearchClients.restClient(properties), ElasticsearchClients.jsonpMapper())) {

            Health health = new ElasticsearchHealthIndicator(client, Duration.ofSeconds(1)).health(true);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("error");
        }
    }
}
