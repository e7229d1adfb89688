package org.gongkai.ingest.crawl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directories of {@link RocksDbCrawlState}s: one {@code pid-<pid>-<random>} per store under the configured
 * parent, deleted when the store closes; on opening, those left by processes no longer alive (a killed instance;
 * or one with this process's pid that this process did not open, as in a restarted container) are deleted.
 * Thread-safe.
 */
final class StoreDirectories {

    private static final Logger log = LoggerFactory.getLogger(StoreDirectories.class);
    private static final String DIR_PREFIX = "pid-";
    /** Directories of the stores this process opened (a leftover may carry this pid too: containers reuse pids). */
    private static final Set<Path> OPENED = ConcurrentHashMap.newKeySet();

    /** Creates a new store directory under {@code parent} (created if missing), after deleting the leftovers. */
    static Path create(Path parent) throws IOException {
        Files.createDirectories(parent);
        deleteLeftovers(parent);
        Path directory = parent.resolve(DIR_PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        OPENED.add(directory);
        Files.createDirectories(directory);
        return directory;
    }

    /** Deletes a directory this process created. */
    static void release(Path directory) {
        deleteTree(directory);
        OPENED.remove(directory);
    }

    /** Bytes of the files under {@code directory} now. */
    static long diskBytes(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(StoreDirectories::sizeOf)
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // deleted by a compaction meanwhile
        }
    }

    /** Deletes the store directories under {@code parent} whose process is gone (killed before it could close). */
    private static void deleteLeftovers(Path parent) throws IOException {
        try (Stream<Path> children = Files.list(parent)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (!name.startsWith(DIR_PREFIX) || !Files.isDirectory(child)) {
                    continue;
                }
                String pid = name.substring(DIR_PREFIX.length()).split("-", 2)[0];
                boolean alive;
                try {
                    long p = Long.parseLong(pid);
                    alive = p == ProcessHandle.current().pid()
                            ? OPENED.contains(child)
                            : ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (!alive) {
                    log.info("crawl state: deleting {}, left by process {}", child, pid);
                    deleteTree(child);
                }
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("crawl state: could not delete {}: {}", root, e.toString());
        }
    }

    private StoreDirectories() {}
}
