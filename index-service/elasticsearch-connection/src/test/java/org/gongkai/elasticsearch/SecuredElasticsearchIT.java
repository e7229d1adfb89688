package org.gongkai.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLException;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.gongkai.servers.LocalElasticsearch;
import org.gongkai.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standard keys against a real Elasticsearch 8.19 node with security on: HTTPS with a self-signed certificate
 * trusted through an SSL bundle, and a superuser of the file realm. An API key cannot be created on the test
 * distribution (its {@code .security} index needs analysis-common), so the API-key test shows that the header
 * reaches the node and is read as an API key; the header's exact form is checked in
 * {@link ElasticsearchRestClientsTest}.
 */
class SecuredElasticsearchIT {

    private static final String USER = "gongkai-it";
    private static final String PASSWORD = "it-password-" + Long.toHexString(System.nanoTime());

    private static Path dir;
    private static TestCertificates certificates;
    private static LocalElasticsearch elasticsearch;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("gongkai-secured-es");
        certificates = TestCertificates.selfSigned(dir.resolve("tls"), "ip:127.0.0.1,dns:localhost");
        elasticsearch = LocalElasticsearch.start(
                LocalElasticsearch.defaultZip(),
                dir.resolve("node"),
                0,
                "512m",
                List.of(),
                new LocalElasticsearch.Security(certificates.certificatePem(), certificates.keyPem(), USER, PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        if (elasticsearch != null) {
            elasticsearch.close();
        }
        if (dir != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        }
    }

    private String[] tls(String... more) {
        List<String> properties = new java.util.ArrayList<>(List.of(
                "spring.elasticsearch.uris=" + elasticsearch.url(),
                "spring.elasticsearch.restclient.ssl.bundle=elasticsearch",
                "spring.ssl.bundle.pem.elasticsearch.truststore.certificate=file:" + certificates.certificatePem()));
        properties.addAll(List.of(more));
        return properties.toArray(String[]::new);
    }

    @Test
    void logsInWithTheFileRealmUserOverHttps() {
        assertThat(elasticsearch.url()).startsWith("https://127.0.0.1:");
        ServiceLike.runner(tls("spring.elasticsearch.username=" + USER, "spring.elasticsearch.password=" + PASSWORD))
                .run(context -> {
                    RestClient client = context.getBean(RestClient.class);
                    String who =
                            EntityUtils.toString(client.performRequest(new Request("GET", "/_security/_authenticate"))
                                    .getEntity());
                    assertThat(who).contains("\"username\":\"" + USER + "\"").contains("\"superuser\"");
                    assertThat(client.performRequest(new Request("GET", "/_cluster/health"))
                                    .getStatusLine()
                                    .getStatusCode())
                            .isEqualTo(200);
                });
    }

    @Test
    void withoutCredentialsTheNodeRefuses() {
        ServiceLike.runner(tls())
                .run(context -> assertThatThrownBy(() -> context.getBean(RestClient.class)
                                .performRequest(new Request("GET", "/_cluster/health")))
                        .isInstanceOfSatisfying(
                                ResponseException.class,
                                e -> assertThat(e.getResponse().getStatusLine().getStatusCode())
                                        .isEqualTo(401)));
    }

    @Test
    void aWrongPasswordIsRefused() {
        ServiceLike.runner(tls("spring.elasticsearch.username=" + USER, "spring.elasticsearch.password=wrong"))
                .run(context -> assertThatThrownBy(() -> context.getBean(RestClient.class)
                                .performRequest(new Request("GET", "/_cluster/health")))
                        .isInstanceOf(ResponseException.class)
                        .hasMessageContaining("unable to authenticate user [" + USER + "]"));
    }

    @Test
    void theApiKeyReachesTheNodeAsAnApiKey() {
        String key =
                Base64.getEncoder().encodeToString("gongkai-key-id:not-a-real-secret".getBytes(StandardCharsets.UTF_8));
        ServiceLike.runner(tls("spring.elasticsearch.api-key=" + key))
                .run(context -> assertThatThrownBy(() -> context.getBean(RestClient.class)
                                .performRequest(new Request("GET", "/_cluster/health")))
                        .isInstanceOf(ResponseException.class)
                        .hasMessageContaining("apikey authentication for id gongkai-key-id"));
    }

    @Test
    void withoutTheSslBundleTheNodesCertificateIsNotTrusted() {
        ServiceLike.runner(
                        "spring.elasticsearch.uris=" + elasticsearch.url(),
                        "spring.elasticsearch.username=" + USER,
                        "spring.elasticsearch.password=" + PASSWORD)
                .run(context -> assertThatThrownBy(() -> context.getBean(RestClient.class)
                                .performRequest(new Request("GET", "/_cluster/health")))
                        .isInstanceOf(SSLException.class));
    }
}
