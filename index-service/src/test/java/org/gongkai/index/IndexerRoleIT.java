package org.gongkai.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.index.lifecycle.IndexBootstrapRunner;
import org.gongkai.index.lifecycle.IndexTemplate;
import org.gongkai.servers.ChildProcess;
import org.gongkai.servers.LocalElasticsearch;
import org.gongkai.testsupport.RealServers;
import org.gongkai.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * index-service with the role Compose gives it, {@code gongkai_indexer} (read from
 * {@code deploy/elasticsearch/gongkai_indexer-role.json}, the file the {@code elasticsearch-users} one-shot PUTs),
 * against Elasticsearch 8.19 with security on: it bootstraps template, index and aliases, indexes and deletes, and is
 * refused what lies outside the role. {@code notices-v1} exists before the service starts, without the field
 * template version 4 added, so the bootstrap's in-place mapping update runs with the role's privileges too. The test
 * distribution cannot hold native roles (its {@code .security} index needs analysis-common), so the same role
 * descriptor goes into the file realm's {@code roles.yml}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"gongkai.management.password=" + TestNotices.OPERATOR_PASSWORD})
@DirtiesContext
class IndexerRoleIT {

    static final Path ROLE = Path.of("..", "deploy", "elasticsearch", "gongkai_indexer-role.json");
    static final String INDEXER = "gongkai-indexer";
    static final String INDEXER_PASSWORD = "indexer-" + UUID.randomUUID();
    static final String ADMIN = "gongkai-it-admin";
    static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    static final String GROUP = "index-role-it-" + UUID.randomUUID();
    static final Duration WAIT = Duration.ofSeconds(120);

    static Path dir;
    static TestCertificates certificates;
    static LocalElasticsearch elasticsearch;
    static HttpClient http;
    static TestKafka kafka;

    @Autowired
    IndexBootstrapRunner bootstrap;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) throws Exception {
        startSecuredElasticsearch();
        kafka = new TestKafka();
        kafka.startGroupAtEnd(GROUP);
        RealServers.registerKafka(registry);
        registry.add("spring.kafka.consumer.group-id", () -> GROUP);
        registry.add("spring.elasticsearch.uris", elasticsearch::url);
        registry.add("spring.elasticsearch.username", () -> INDEXER);
        registry.add("spring.elasticsearch.password", () -> INDEXER_PASSWORD);
        registry.add("spring.elasticsearch.restclient.ssl.bundle", () -> "elasticsearch");
        registry.add(
                "spring.ssl.bundle.pem.elasticsearch.truststore.certificate",
                () -> "file:" + certificates.certificatePem());
    }

    /** A secured node whose file realm has the role from the Compose file and the indexer user holding only it. */
    static void startSecuredElasticsearch() throws Exception {
        dir = Files.createTempDirectory("gongkai-indexer-role");
        certificates = TestCertificates.selfSigned(dir.resolve("tls"), "ip:127.0.0.1,dns:localhost");
        Path zip = LocalElasticsearch.defaultZip();
        List<Path> plugins = LocalElasticsearch.defaultPlugins();
        Path home = LocalElasticsearch.homeWith(zip, plugins);
        Path config = dir.resolve("node").resolve("config");
        copyTree(home.resolve("config"), config);
        // YAML reads the role's JSON as a flow mapping, indented under its name
        Files.writeString(
                config.resolve("roles.yml"),
                "gongkai_indexer:\n  " + Files.readString(ROLE).strip().replace("\n", "\n  ") + "\n");
        ChildProcess.run(
                "elasticsearch-users useradd " + INDEXER,
                List.of(
                        home.resolve("bin/elasticsearch-users").toString(),
                        "useradd",
                        INDEXER,
                        "-p",
                        INDEXER_PASSWORD,
                        "-r",
                        "gongkai_indexer"),
                dir,
                Map.of("ES_PATH_CONF", config.toString(), "ES_JAVA_HOME", System.getProperty("java.home")),
                dir.resolve("indexer-useradd.log"),
                Duration.ofMinutes(2));
        elasticsearch = LocalElasticsearch.start(
                zip,
                dir.resolve("node"),
                0,
                "512m",
                plugins,
                new LocalElasticsearch.Security(
                        certificates.certificatePem(), certificates.keyPem(), ADMIN, ADMIN_PASSWORD));
        http = HttpClient.newBuilder()
                .sslContext(trusting(certificates.certificatePem()))
                .build();
        createIndexBeforePublishers();
    }

    /**
     * {@code notices-v1} as index-service made it before template version 4 (no {@code publishers}), so the
     * bootstrap must add the field with the indexer's own privileges.
     */
    static void createIndexBeforePublishers() throws Exception {
        ObjectMapper json = new ObjectMapper();
        IndexTemplate template = IndexTemplate.load().forIndex(new IndexNames("notices", 1), 0);
        ObjectNode body = json.createObjectNode();
        body.set("settings", template.settings());
        ObjectNode mappings = template.mappings().deepCopy();
        ((ObjectNode) mappings.get("properties")).remove("publishers");
        body.set("mappings", mappings);
        HttpResponse<String> created = send(ADMIN, ADMIN_PASSWORD, "PUT", "/notices-v1", json.writeValueAsString(body));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (elasticsearch != null) {
            elasticsearch.close();
        }
        if (dir != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        }
    }

    @Test
    void theIndexerRoleBootstrapsIndexesAndDeletesAndIsRefusedEverythingElse() throws Exception {
        assertThat(send(INDEXER, INDEXER_PASSWORD, "GET", "/_security/_authenticate", null)
                        .body())
                .contains("\"roles\":[\"gongkai_indexer\"]");

        await().atMost(WAIT).until(() -> bootstrap.state() == IndexBootstrapRunner.State.READY);
        assertThat(send(ADMIN, ADMIN_PASSWORD, "GET", "/_alias/notices-write", null)
                        .body())
                .contains("\"notices-v1\"");
        assertThat(send(ADMIN, ADMIN_PASSWORD, "GET", "/notices-v1/_mapping/field/publishers", null)
                        .body())
                .as("the bootstrap added the new field to the existing index")
                .contains("\"type\":\"keyword\"");

        EnrichedNotice notice = TestNotices.notice(TestNotices.newUrl(), 5_000);
        kafka.send(notice);
        await().atMost(WAIT)
                .until(() -> send(ADMIN, ADMIN_PASSWORD, "GET", "/notices/_doc/" + notice.noticeId(), null)
                                .statusCode()
                        == 200);
        kafka.sendTombstone(notice.noticeId(), 6_000L);
        await().atMost(WAIT)
                .until(() -> send(ADMIN, ADMIN_PASSWORD, "GET", "/notices/_doc/" + notice.noticeId(), null)
                                .statusCode()
                        == 404);
        kafka.awaitCaughtUp(GROUP, WAIT);

        assertThat(send(ADMIN, ADMIN_PASSWORD, "PUT", "/other-index", "{}").statusCode())
                .isEqualTo(200);
        assertThat(List.of(
                        send(INDEXER, INDEXER_PASSWORD, "DELETE", "/other-index", null),
                        send(INDEXER, INDEXER_PASSWORD, "PUT", "/other-index/_doc/1", "{\"title\":\"x\"}"),
                        send(INDEXER, INDEXER_PASSWORD, "GET", "/other-index/_search", null),
                        send(INDEXER, INDEXER_PASSWORD, "DELETE", "/notices-v1", null),
                        send(
                                INDEXER,
                                INDEXER_PASSWORD,
                                "PUT",
                                "/notices-v1/_settings",
                                "{\"index\":{\"number_of_replicas\":0}}"),
                        send(
                                INDEXER,
                                INDEXER_PASSWORD,
                                "PUT",
                                "/_cluster/settings",
                                "{\"persistent\":{\"cluster.routing.allocation.enable\":\"all\"}}"),
                        send(
                                INDEXER,
                                INDEXER_PASSWORD,
                                "PUT",
                                "/_security/user/intruder",
                                "{\"password\":\"intruder-pw\",\"roles\":[\"superuser\"]}")))
                .allSatisfy(response -> assertThat(response.statusCode())
                        .as(response.request().method() + " " + response.uri() + ": " + response.body())
                        .isEqualTo(403));
        assertThat(send(ADMIN, ADMIN_PASSWORD, "GET", "/notices-v1", null).statusCode())
                .as("the live index is still there")
                .isEqualTo(200);
    }

    static HttpResponse<String> send(String user, String password, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(elasticsearch.url() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path certificatePem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificatePem)) {
            trust.setCertificateEntry(
                    "es", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
