package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.url.AllowedNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * HTTPS through the pinned transport: the connection goes to the vetted address (127.0.0.1) while TLS checks the
 * certificate against the host name of the URL, not the address. The server's certificate is made by the test
 * (BouncyCastle, which the PDF parser brings along) and trusted by the transport under test only.
 */
class PinnedHttpsTest {

    private final List<String> hosts = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpsServer server;
    private PinnedHttpTransport transport;

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
    }

    /** Serves HTTPS on 127.0.0.1 with a certificate for {@code certifiedName}; the transport trusts it. */
    private void start(String certifiedName) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + certifiedName);
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                subject,
                                BigInteger.valueOf(now.toEpochMilli()),
                                Date.from(now.minusSeconds(60)),
                                Date.from(now.plusSeconds(3600)),
                                subject,
                                pair.getPublic())
                        .addExtension(
                                Extension.subjectAlternativeName,
                                false,
                                new GeneralNames(new GeneralName(GeneralName.dNSName, certifiedName)))
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", pair.getPrivate(), password, new X509Certificate[] {certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trustManagers.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                hosts.add(exchange.getRequestHeaders().getFirst("Host"));
                byte[] body = "<html>安全</html>".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        transport = new PinnedHttpTransport(Duration.ofSeconds(2), null, clientTls);
    }

    private FetchResult fetch(String host) throws Exception {
        HttpFetcher fetcher = new HttpFetcher(
                transport,
                new AddressGuard(new FakeResolver().map(host, "127.0.0.1")),
                new MinDelayPoliteness(Duration.ZERO),
                TestConfigs.fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), DataSize.ofMegabytes(1), 0),
                "Gongkai/test",
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        return fetcher.fetch(
                URI.create("https://" + host + ":" + server.getAddress().getPort() + "/"),
                AllowedNetworks.of(java.util.List.of("127.0.0.0/8")));
    }

    @Test
    void theCertificateIsCheckedAgainstTheHostNameWhileTheConnectionGoesToTheVettedAddress() throws Exception {
        start("portal.test");

        FetchResult result = fetch("portal.test");

        assertThat(result.status()).isEqualTo(200);
        assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("<html>安全</html>");
        assertThat(hosts).containsExactly("portal.test:" + server.getAddress().getPort());
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        start("other.test");

        assertThatThrownBy(() -> fetch("portal.test"))
                .isInstanceOf(FetchException.class)
                .cause()
                .isInstanceOf(javax.net.ssl.SSLPeerUnverifiedException.class)
                .hasMessageContaining("other.test");
        assertThat(hosts).isEmpty();
    }
}
