package org.gongkai.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The system user {@value #NAME} Elasticsearch runs as when this JVM runs as root (Elasticsearch refuses root): made
 * on first use, and given the trees it must read or write.
 */
final class ServiceUser {

    static final String NAME = "gongkai-es";

    private ServiceUser() {}

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Creates the user unless it exists; synchronized so parallel starts in one JVM do not race useradd. */
    static synchronized void ensure() {
        ChildProcess.run(
                "create user " + NAME,
                List.of(
                        "sh",
                        "-c",
                        "id -u " + NAME + " >/dev/null 2>&1 || useradd --system --no-create-home"
                                + " --shell /usr/sbin/nologin " + NAME),
                Path.of(System.getProperty("java.io.tmpdir")),
                Map.of(),
                Path.of(System.getProperty("java.io.tmpdir"), "gongkai-useradd.log"),
                Duration.ofSeconds(30));
    }

    /** Gives the user {@code path} (recursively) and makes its parents traversable. */
    static void chown(Path path) throws IOException {
        Files.createDirectories(path);
        ChildProcess.run(
                "chown " + path,
                List.of("chown", "-R", NAME + ":" + NAME, path.toAbsolutePath().toString()),
                Path.of(System.getProperty("java.io.tmpdir")),
                Map.of(),
                Path.of(System.getProperty("java.io.tmpdir"), "gongkai-chown.log"),
                Duration.ofSeconds(60));
        // Parents of the instance directory must be traversable by the server user.
        for (Path p = path.toAbsolutePath().getParent(); p != null && p.getNameCount() > 0; p = p.getParent()) {
            try {
                var perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    perms.add(PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(p, perms);
                }
            } catch (UnsupportedOperationException | IOException ignored) {
                // not POSIX, or not ours to change: the start will say what is missing
            }
        }
    }
}
