package org.gongkai.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Elasticsearch distribution a {@link LocalElasticsearch} runs from: the zip the build downloaded, unpacked once
 * into {@code <tmp>/gongkai-cache}, and homes with plugins installed. Each cache entry is filled under its own file
 * lock, so parallel builds (separate JVMs) fill it once and never see it half made.
 */
final class ElasticsearchDistribution {

    private ElasticsearchDistribution() {}

    /** See {@link LocalElasticsearch#defaultZip()}. */
    static Path defaultZip() {
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

    /** See {@link LocalElasticsearch#defaultPlugins()}. */
    static List<Path> defaultPlugins() {
        String configured =
                System.getProperty(LocalElasticsearch.PLUGIN_PROPERTY, System.getenv("GONGKAI_ANALYSIS_PLUGIN_ZIP"));
        if (configured == null || configured.isBlank()) {
            return List.of();
        }
        List<Path> zips = new ArrayList<>();
        for (String part : configured.split(java.io.File.pathSeparator)) {
            Path zip = Path.of(part.strip());
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("Elasticsearch plugin " + zip + " not found: build it first"
                        + " (./mvnw -q package -pl analysis-plugin -DskipTests) or unset "
                        + LocalElasticsearch.PLUGIN_PROPERTY);
            }
            zips.add(zip);
        }
        return List.copyOf(zips);
    }

    /** See {@link LocalElasticsearch#homeWith(Path, List)}. */
    static Path homeWith(Path zip, List<Path> plugins) {
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
                FileTrees.linkTree(base, home);
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
            if (ServiceUser.isRoot()) {
                ServiceUser.chown(target);
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install plugins " + plugins + " into " + home, e);
        }
    }

    /** Names of the plugins installed in a home (directories under {@code plugins/}). */
    static List<String> installedPlugins(Path home) {
        try (Stream<Path> children = Files.list(home.resolve("plugins"))) {
            return children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpacks the zip into {@code <tmp>/gongkai-cache/<zip name>} once; returns the Elasticsearch home. */
    static Path unpackOnce(Path zip) {
        String name = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "gongkai-cache");
        Path target = cache.resolve(name);
        try {
            once(cache, name, ".unpacked", () -> FileTrees.unzip(zip, target));
            try (Stream<Path> children = Files.list(target)) {
                Path home = children.filter(Files::isDirectory)
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("empty distribution " + zip));
                if (ServiceUser.isRoot()) {
                    ServiceUser.ensure();
                    // The server user must read the home and reach it through world-readable parents.
                    ServiceUser.chown(target);
                }
                return home;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip, e);
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
                FileTrees.deleteTree(cache.resolve(name));
                fill.run();
                Files.writeString(done, name);
            }
        }
    }

    private static String pluginsKey(List<Path> plugins) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path plugin : plugins) {
                sha.update(Files.readAllBytes(plugin));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plugin zip", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
