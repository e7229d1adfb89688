package org.gongkai.servers;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.gongkai.servers.LocalElasticsearch.Security;

/** A secured node's side of {@link LocalElasticsearch}: its TLS and file-realm user, and how a client reaches it. */
final class NodeSecurity {

    private NodeSecurity() {}

    /**
     * Settings of a secured node, after copying its certificate and key into {@code config} and adding its user to
     * the file realm ({@code bin/elasticsearch-users}, once).
     *
     * @param home the Elasticsearch home (its {@code bin/elasticsearch-users})
     * @param dir  the instance directory (the tool's log goes there)
     */
    static String settings(Security security, Path home, Path dir, Path config) throws IOException {
        Files.copy(security.certificate(), config.resolve("http.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(security.key(), config.resolve("http.key"), StandardCopyOption.REPLACE_EXISTING);
        Path users = config.resolve("users");
        if (!Files.exists(users) || !Files.readString(users).startsWith(security.username() + ":")) {
            ChildProcess.run(
                    "elasticsearch-users useradd " + security.username(),
                    List.of(
                            home.resolve("bin/elasticsearch-users").toString(),
                            "useradd",
                            security.username(),
                            "-p",
                            security.password(),
                            "-r",
                            "superuser"),
                    dir,
                    Map.of(
                            "ES_PATH_CONF", config.toAbsolutePath().toString(),
                            "ES_JAVA_HOME", System.getProperty("java.home")),
                    dir.resolve("elasticsearch-users.log"),
                    Duration.ofMinutes(2));
        }
        return String.join(
                "\n",
                "xpack.security.enabled: true",
                "xpack.security.http.ssl.enabled: true",
                "xpack.security.http.ssl.certificate: http.crt",
                "xpack.security.http.ssl.key: http.key",
                // single node: no transport peers to protect
                "xpack.security.transport.ssl.enabled: false");
    }

    /** Makes a client trust the node's certificate and send its user's basic credentials. */
    static void authorize(Security security, HttpClient.Builder client, HttpRequest.Builder request)
            throws IOException {
        client.sslContext(trusting(security.certificate()));
        request.header(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((security.username() + ":" + security.password())
                                        .getBytes(StandardCharsets.UTF_8)));
    }

    /** An SSL context that trusts the PEM certificate {@code certificate} (and nothing else). */
    private static SSLContext trusting(Path certificate) throws IOException {
        try (InputStream in = Files.newInputStream(certificate)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry(
                    "elasticsearch", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + certificate, e);
        }
    }
}
