package org.gongkai.enrich.classify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * How {@link ModelRegistry} writes its files: whole files through a temporary one moved into place (a reader never
 * sees half a file), the history appended, and everything readable by all ({@code rw-r--r--}, directories {@code
 * rwxr-xr-x}) whatever the writer's umask, where the file system has POSIX permissions: the reader is usually another
 * user (enrich-service's container runs as {@code gongkai}, the trainer on the host as the operator). One writer at a
 * time (the registry's rule).
 */
final class RegistryFiles {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private RegistryFiles() {}

    /** Replaces {@code target} with {@code bytes} at once. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        setPermissions(tmp, FILE);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Appends {@code line} to {@code file}, made readable by all when this creates it. */
    static void append(Path file, String line) throws IOException {
        boolean created = !Files.exists(file);
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (created) {
            setPermissions(file, FILE);
        }
    }

    /** A directory this registry made: listable by all. */
    static void readableByAll(Path directory) throws IOException {
        setPermissions(directory, DIRECTORY);
    }

    /** Sets the permissions where the file system has POSIX ones (not on Windows). */
    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions here: the reader's access is the file system's business
        }
    }
}
