package org.gongkai.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    public static final String SERVICE_USER = ServiceUser.NAME;

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
        return ElasticsearchDistribution.defaultPlugins();
    }

    /** Names of the plugins installed in this node's distribution (directories under {@code plugins/}). */
    public List<String> installedPlugins() {
        return ElasticsearchDistribution.installedPlugins(home);
    }

    /** The distribution zip named by the system property {@code gongkai.es.zip} (set by the build). */
    public static Path defaultZip() {
        return ElasticsearchDistribution.defaultZip();
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
                FileTrees.copyTree(home.resolve("config"), config);
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
                            security == null
                                    ? "xpack.security.enabled: false"
                                    : NodeSecurity.settings(security, home, dir, config),
                            ""));
            List<String> command = new ArrayList<>();
            if (ServiceUser.isRoot()) {
                ServiceUser.ensure();
                ServiceUser.chown(dir);
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

    public int port() {
        return port;
    }

    /**
     * The Elasticsearch home of the distribution with the given plugins installed, made once per distinct set of
     * plugin zips (by content hash) under {@code <tmp>/gongkai-cache/<distribution>+<hash>}: a tree of hard links
     * to the unpacked distribution (a copy where links are not possible) plus the plugins installed with
     * {@code bin/elasticsearch-plugin install --batch}. Guarded by a file lock like {@code ElasticsearchDistribution.unpackOnce}, so
     * parallel builds share it; a changed plugin zip gets a fresh home, a rebuilt identical one does not.
     *
     * @throws IllegalStateException when an installation fails (its log is named in the message)
     */
    public static Path homeWith(Path zip, List<Path> plugins) {
        return ElasticsearchDistribution.homeWith(zip, plugins);
    }

    private boolean healthy() {
        try {
            HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                    .timeout(Duration.ofSeconds(3));
            if (security != null) {
                NodeSecurity.authorize(security, client, request);
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

    /** Deletes a tree (a node's state directory); nothing when it does not exist. */
    public static void deleteTree(Path root) throws IOException {
        FileTrees.deleteTree(root);
    }
}
