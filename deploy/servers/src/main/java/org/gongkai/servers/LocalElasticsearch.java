package org.gongkai.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A single-node Elasticsearch run as a child process from the
 * {@code org.elasticsearch.distribution.integ-test-zip:elasticsearch} zip of Maven Central.
 *
 * <p>The zip is unpacked once into a shared directory (guarded by a file lock, so parallel builds are safe); each
 * instance has its own config, data and log directories. Elasticsearch refuses to run as root, so when this JVM
 * runs as root the server runs as the dedicated system user {@value #SERVICE_USER}, created on first use. The
 * server binds to 127.0.0.1 only. Not thread-safe: one owner starts and stops an instance.
 *
 * <p>This distribution lacks analysis-common, painless, ingest processors, search templates and reindex, and
 * answers 405 on {@code GET /}: readiness is read from {@code /_cluster/health}.
 */
public final class LocalElasticsearch extends LocalServer {

    /** System user the server runs as when the build runs as root. */
    public static final String SERVICE_USER = "gongkai-es";

    /** System property naming the plugin zips the test node installs (set by the build where tests need them). */
    public static final String PLUGIN_PROPERTY = "gongkai.analysis.plugin.zip";

    private final Path home;
    private final int port;
    private final String heap;
    private final Security security;

    private LocalElasticsearch(Path home, Path dir, int port, String heap, Security security) {
        super(dir);
        this.home = home;
        this.port = port;
        this.heap = heap;
        this.security = security;
    }

    /**
     * Security for a node: x-pack security on, HTTPS with the given PEM certificate and PKCS#8 key (the
     * certificate must name 127.0.0.1), and one superuser in the file realm. API keys cannot be created on this
     * distribution: the {@code .security} index needs analysis-common, which it lacks.
     */
    public record Security(Path certificate, Path key, String username, String password) {}

    /**
     * Starts a node with its state in {@code dir}.
     *
     * @param zip  the distribution zip
     * @param dir  instance directory: {@code config/}, {@code data/}, {@code logs/}, {@code elasticsearch.log}
     * @param port HTTP port on 127.0.0.1, 0 for any free port
     * @param heap JVM heap, e.g. {@code 512m}
     */
    public static LocalElasticsearch start(Path zip, Path dir, int port, String heap) {
        return start(zip, dir, port, heap, List.of());
    }

    /**
     * Starts a node whose distribution has the given plugin zips installed (see {@link #homeWith}).
     *
     * @param plugins plugin zips, e.g. {@link #defaultPlugins()}; empty for the bare distribution
     */
    public static LocalElasticsearch start(Path zip, Path dir, int port, String heap, List<Path> plugins) {
        return start(zip, dir, port, heap, plugins, null);
    }

    /**
     * Starts a node with security on ({@link Security}): HTTPS, authentication required.
     *
     * @param security the certificate and user; {@code null} for a node without security
     */
    public static LocalElasticsearch start(
            Path zip, Path dir, int port, String heap, List<Path> plugins, Security security) {
        Path home = homeWith(zip, plugins);
        LocalElasticsearch es = new LocalElasticsearch(home, dir, port > 0 ? port : Ports.freePort(), heap, security);
        es.start();
        return es;
    }

    /**
     * The plugin zips the build names: the system property {@value #PLUGIN_PROPERTY} (environment
     * {@code GONGKAI_ANALYSIS_PLUGIN_ZIP}), a path-separated list; empty when unset.
     *
     * @throws IllegalStateException when a named zip does not exist (the plugin module was not built)
     */
    public static List<Path> defaultPlugins() {
        String configured = System.getProperty(PLUGIN_PROPERTY, System.getenv("GONGKAI_ANALYSIS_PLUGIN_ZIP"));
        if (configured == null || configured.isBlank()) {
            return List.of();
        }
        List<Path> zips = new ArrayList<>();
        for (String part : configured.split(java.io.File.pathSeparator)) {
            Path zip = Path.of(part.strip());
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("Elasticsearch plugin " + zip + " not found: build it first"
                        + " (./mvnw -q package -pl analysis-plugin -DskipTests) or unset " + PLUGIN_PROPERTY);
            }
            zips.add(zip);
        }
        return List.copyOf(zips);
    }

    /** Names of the plugins installed in this node's distribution (directories under {@code plugins/}). */
    public List<String> installedPlugins() {
        try (Stream<Path> children = Files.list(home.resolve("plugins"))) {
            return children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The distribution zip named by the system property {@code gongkai.es.zip} (set by the build). */
    public static Path defaultZip() {
        String configured = System.getProperty("gongkai.es.zip", System.getenv("GONGKAI_ES_ZIP"));
        if (configured == null || configured.isBlank()) {
            Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
            configured = m2.resolve("org/elasticsearch/distribution/integ-test-zip/elasticsearch/8.19.21/"
                            + "elasticsearch-8.19.21.zip")
                    .toString();
        }
        Path zip = Path.of(configured);
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Elasticsearch distribution not found at " + zip
                    + ": build once with Maven (it downloads the zip) or set GONGKAI_ES_ZIP");
        }
        return zip;
    }

    /** Starts (again) on the same port and data. */
    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Path config = dir.resolve("config");
            if (!Files.exists(config.resolve("jvm.options"))) {
                copyTree(home.resolve("config"), config);
            }
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("logs"));
            Files.writeString(
                    config.resolve("elasticsearch.yml"),
                    String.join(
                            "\n",
                            "cluster.name: gongkai-local",
                            "node.name: node-1",
                            "network.host: 127.0.0.1",
                            "http.port: " + port,
                            "transport.port: " + Ports.freePort(),
                            "discovery.type: single-node",
                            "path.data: " + dir.resolve("data").toAbsolutePath(),
                            "path.logs: " + dir.resolve("logs").toAbsolutePath(),
                            "cluster.routing.allocation.disk.threshold_enabled: false",
                            "action.destructive_requires_name: false",
                            // The distribution ships x-pack security, which would auto-configure TLS on first start.
                            security == null ? "xpack.security.enabled: false" : securitySettings(config),
                            ""));
            List<String> command = new ArrayList<>();
            if (isRoot()) {
                ensureServiceUser();
                chown(dir);
                command.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
            }
            command.add(home.resolve("bin/elasticsearch").toString());
            Map<String, String> env = new HashMap<>();
            env.put("ES_PATH_CONF", config.toAbsolutePath().toString());
            env.put("ES_JAVA_HOME", System.getProperty("java.home"));
            env.put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
            process = ChildProcess.start("elasticsearch", command, dir, env, dir.resolve("elasticsearch.log"));
            process.awaitReady(this::healthy, Duration.ofSeconds(180));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Elasticsearch in " + dir, e);
        }
    }

    public String url() {
        return (security == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    /**
     * Settings of a secured node, after copying its certificate and key into {@code config} and adding its user to
     * the file realm ({@code bin/elasticsearch-users}, once).
     */
    private String securitySettings(Path config) throws IOException {
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

    public int port() {
        return port;
    }

    /**
     * The Elasticsearch home of the distribution with the given plugins installed, made once per distinct set of
     * plugin zips (by content hash) under {@code <tmp>/gongkai-cache/<distribution>+<hash>}: a tree of hard links
     * to the unpacked distribution (a copy where links are not possible) plus the plugins installed with
     * {@code bin/elasticsearch-plugin install --batch}. Guarded by a file lock like {@link #unpackOnce}, so
     * parallel builds share it; a changed plugin zip gets a fresh home, a rebuilt identical one does not.
     *
     * @throws IllegalStateException when an installation fails (its log is named in the message)
     */
    public static Path homeWith(Path zip, List<Path> plugins) {
        Path base = unpackOnce(zip);
        if (plugins.isEmpty()) {
            return base;
        }
        String key = pluginsKey(plugins);
        Path cache = base.getParent().getParent();
        String name = base.getParent().getFileName() + "+" + key;
        Path target = cache.resolve(name);
        Path home = target.resolve(base.getFileName());
        try {
            once(cache, name, ".installed", () -> {
                linkTree(base, home);
                for (Path plugin : plugins) {
                    ChildProcess.run(
                            "elasticsearch-plugin install " + plugin.getFileName(),
                            List.of(
                                    home.resolve("bin/elasticsearch-plugin").toString(),
                                    "install",
                                    "--batch",
                                    plugin.toAbsolutePath().toUri().toString()),
                            home,
                            Map.of("ES_JAVA_HOME", System.getProperty("java.home")),
                            cache.resolve(name + "-plugin-install.log"),
                            Duration.ofMinutes(2));
                }
            });
            if (isRoot()) {
                chown(target);
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install plugins " + plugins + " into " + home, e);
        }
    }

    /** Work that fills {@code <cache>/<name>}. */
    private interface CacheFill {
        void run() throws IOException;
    }

    /**
     * Fills the cache entry {@code <cache>/<name>} unless its marker file {@code <name><marker>} says it is complete;
     * under the entry's file lock, so parallel builds fill it once and never see it half made.
     */
    private static void once(Path cache, String name, String marker, CacheFill fill) throws IOException {
        Files.createDirectories(cache);
        try (FileChannel channel = FileChannel.open(
                        cache.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            Path done = cache.resolve(name + marker);
            if (!Files.exists(done)) {
                deleteTree(cache.resolve(name));
                fill.run();
                Files.writeString(done, name);
            }
        }
    }

    private static String pluginsKey(List<Path> plugins) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (Path plugin : plugins) {
                sha.update(Files.readAllBytes(plugin));
            }
            return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plugin zip", e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mirrors a tree with hard links (files are never written through them: Elasticsearch only reads its home). */
    private static void linkTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.createLink(target, source);
                    } catch (UnsupportedOperationException | IOException e) {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        }
    }

    private boolean healthy() {
        try {
            HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                    .timeout(Duration.ofSeconds(3));
            if (security != null) {
                client.sslContext(trusting(security.certificate()));
                request.header(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((security.username() + ":" + security.password())
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            HttpResponse<String> response = client.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An SSL context that trusts the PEM certificate {@code certificate} (and nothing else). */
    private static javax.net.ssl.SSLContext trusting(Path certificate) throws IOException {
        try (InputStream in = Files.newInputStream(certificate)) {
            java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry(
                    "elasticsearch",
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot trust " + certificate, e);
        }
    }

    /** Unpacks the zip into {@code <tmp>/gongkai-cache/<zip name>} once; returns the Elasticsearch home. */
    static Path unpackOnce(Path zip) {
        String name = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "gongkai-cache");
        Path target = cache.resolve(name);
        try {
            once(cache, name, ".unpacked", () -> unzip(zip, target));
            try (Stream<Path> children = Files.list(target)) {
                Path home = children.filter(Files::isDirectory)
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("empty distribution " + zip));
                if (isRoot()) {
                    ensureServiceUser();
                    // The server user must read the home and reach it through world-readable parents.
                    chown(target);
                }
                return home;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip, e);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream zin = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zin.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zin, out, StandardCopyOption.REPLACE_EXISTING);
                    String parent = out.getParent().getFileName().toString();
                    if (parent.equals("bin") || entry.getName().contains("/bin/") || parent.equals("platform")) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
        }
        // Native launchers live under modules/*/platform/*/bin and lib/platform: make every file there runnable.
        try (Stream<Path> files = Files.walk(target)) {
            files.filter(p -> p.toString().contains("/bin/") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> p.toFile().setExecutable(true, false));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static synchronized void ensureServiceUser() {
        ChildProcess.run(
                "create user " + SERVICE_USER,
                List.of(
                        "sh",
                        "-c",
                        "id -u " + SERVICE_USER + " >/dev/null 2>&1 || useradd --system --no-create-home"
                                + " --shell /usr/sbin/nologin " + SERVICE_USER),
                Path.of(System.getProperty("java.io.tmpdir")),
                Map.of(),
                Path.of(System.getProperty("java.io.tmpdir"), "gongkai-useradd.log"),
                Duration.ofSeconds(30));
    }

    private static void chown(Path path) throws IOException {
        Files.createDirectories(path);
        ChildProcess.run(
                "chown " + path,
                List.of(
                        "chown",
                        "-R",
                        SERVICE_USER + ":" + SERVICE_USER,
                        path.toAbsolutePath().toString()),
                Path.of(System.getProperty("java.io.tmpdir")),
                Map.of(),
                Path.of(System.getProperty("java.io.tmpdir"), "gongkai-chown.log"),
                Duration.ofSeconds(60));
        // Parents of the instance directory must be traversable by the server user.
        for (Path p = path.toAbsolutePath().getParent(); p != null && p.getNameCount() > 0; p = p.getParent()) {
            try {
                var perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(p, perms);
                }
            } catch (UnsupportedOperationException | IOException ignored) {
                // not POSIX, or not ours to change: the start will say what is missing
            }
        }
    }
}
