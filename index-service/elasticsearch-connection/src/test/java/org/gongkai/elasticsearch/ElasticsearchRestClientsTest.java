package org.gongkai.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLException;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.gongkai.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The client's wiring of the standard keys, seen from the server side: a TLS server on loopback started by the
 * test records what arrives (path, {@code Authorization} header). The test Elasticsearch runs without TLS, so TLS
 * trust, host-name checks and the API key header are proven here; {@code SecuredElasticsearchIT} logs in to a
 * real node with security on.
 */
class ElasticsearchRestClientsTest {

    record Seen(String method, String path, String authorization) {}

    @TempDir
    Path dir;

    private HttpsServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private String start(TestCertificates certificates) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
        server.createContext("/", exchange -> {
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"status\":\"green\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private ApplicationContextRunner runner(String... properties) {
        return ServiceLike.runner(properties);
    }

    @Test
    void apiKeyPathPrefixAndTlsFromAnSslBundle() throws IOException {
        TestCertificates certificates = TestCertificates.selfSigned(dir, "ip:127.0.0.1,dns:localhost");
        String url = start(certificates);

        runner(
                        "spring.elasticsearch.uris=" + url,
                        "spring.elasticsearch.api-key=a2V5LWlkOmtleS1zZWNyZXQ=",
                        "spring.elasticsearch.path-prefix=/es",
                        "spring.elasticsearch.restclient.ssl.bundle=elasticsearch",
                        "spring.ssl.bundle.pem.elasticsearch.truststore.certificate=file:"
                                + certificates.certificatePem())
                .run(context -> {
                    Response response =
                            context.getBean(RestClient.class).performRequest(new Request("GET", "/_cluster/health"));
                    assertThat(response.getStatusLine().getStatusCode()).isEqualTo(200);
                });

        assertThat(seen).containsExactly(new Seen("GET", "/es/_cluster/health", "ApiKey a2V5LWlkOmtleS1zZWNyZXQ="));
    }

    @Test
    void withoutTheBundleTheSelfSignedServerIsNotTrusted() throws IOException {
        String url = start(TestCertificates.selfSigned(dir, "ip:127.0.0.1"));

        runner("spring.elasticsearch.uris=" + url)
                .run(context -> assertThatThrownBy(() -> context.getBean(RestClient.class)
                                .performRequest(new Request("GET", "/_cluster/health")))
                        .isInstanceOf(SSLException.class));
        assertThat(seen).isEmpty();
    }

    @Test
    void aCertificateForAnotherHostIsRefusedEvenWhenTrusted() throws IOException {
        TestCertificates certificates = TestCertificates.selfSigned(dir, "dns:elasticsearch.example");
        String url = start(certificates);

        runner(
                        "spring.elasticsearch.uris=" + url,
                        "spring.elasticsearch.restclient.ssl.bundle=elasticsearch",
                        "spring.ssl.bundle.pem.elasticsearch.truststore.certificate=file:"
                                + certificates.certificatePem())
                .run(context -> assertThatThrownBy(() -> context.getBean(RestClient.class)
                                .performRequest(new Request("GET", "/_cluster/health")))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("Host name '127.0.0.1' does not match the certificate"));
        assertThat(seen).isEmpty();
    }

    @Test
    void basicCredentialsAnswerTheServersChallenge() throws IOException {
        TestCertificates certificates = TestCertificates.selfSigned(dir, "ip:127.0.0.1");
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
        server.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(new Seen(
                    exchange.getRequestMethod(), exchange.getRequestURI().getPath(), authorization));
            if (authorization == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"security\"");
                exchange.sendResponseHeaders(401, -1);
            } else {
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        server.start();

        runner(
                        "spring.elasticsearch.uris=https://127.0.0.1:"
                                + server.getAddress().getPort(),
                        "spring.elasticsearch.username=portal",
                        "spring.elasticsearch.password=s3cret",
                        "spring.elasticsearch.restclient.ssl.bundle=elasticsearch",
                        "spring.ssl.bundle.pem.elasticsearch.truststore.certificate=file:"
                                + certificates.certificatePem())
                .run(context -> context.getBean(RestClient.class).performRequest(new Request("HEAD", "/notices")));

        assertThat(seen).last().isEqualTo(new Seen("HEAD", "/notices", "Basic cG9ydGFsOnMzY3JldA=="));
    }

    @Test
    void aMissingBundleFailsTheStartNamingIt() {
        runner("spring.elasticsearch.uris=https://127.0.0.1:9200", "spring.elasticsearch.restclient.ssl.bundle=nope")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("nope");
                });
    }
}
