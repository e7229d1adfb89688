package org.gongkai.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed server certificate made with the JDK's {@code keytool} (no certificate library needed): a PKCS12
 * key store for a server, the certificate as PEM for a client's trust store (what an operator gets as
 * Elasticsearch's {@code http_ca.crt}), and the key as PKCS#8 PEM for Elasticsearch's {@code http.ssl.key}.
 */
public record TestCertificates(Path keyStore, Path certificatePem, Path keyPem) {

    public static final String PASSWORD = "changeit";

    /** A certificate for {@code CN=localhost} with the given subject alternative names, e.g. {@code ip:127.0.0.1}. */
    public static TestCertificates selfSigned(Path dir, String subjectAlternativeNames) {
        try {
            Files.createDirectories(dir);
            Path keyStore = dir.resolve("server.p12");
            Path certificate = dir.resolve("server.crt");
            Path key = dir.resolve("server.key");
            Files.deleteIfExists(keyStore);
            keytool(
                    dir,
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "2",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=" + subjectAlternativeNames,
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD);
            keytool(
                    dir,
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "server",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    PASSWORD,
                    "-file",
                    certificate.toString());
            KeyStore store = load(keyStore);
            PrivateKey privateKey = (PrivateKey) store.getKey("server", PASSWORD.toCharArray());
            Files.writeString(
                    key,
                    "-----BEGIN PRIVATE KEY-----\n"
                            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(privateKey.getEncoded())
                            + "\n-----END PRIVATE KEY-----\n");
            return new TestCertificates(keyStore, certificate, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server side: an SSL context presenting this certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore), PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!process.waitFor(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
