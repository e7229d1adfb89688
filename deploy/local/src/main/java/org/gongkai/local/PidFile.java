package org.gongkai.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local run's process table, {@code $GONGKAI_HOME/pids}: one {@code name pid} line per component, in start
 * order. A restarted component keeps its line (and so its place in the stop order) with the new pid.
 *
 * <p>Shared by the command-line invocations and the supervisor, which are separate processes: every rewrite holds
 * an exclusive lock on {@code pids.lock}; {@link #restartLock()} serialises restarts between {@code gongkai restart}
 * and the supervisor.
 */
final class PidFile {

    private final Path file;
    private final Path lock;
    private final Path restartLock;

    PidFile(Path home) {
        this.file = home.resolve("pids");
        this.lock = home.resolve("pids.lock");
        this.restartLock = home.resolve("restart.lock");
    }

    Path path() {
        return file;
    }

    boolean exists() {
        return Files.exists(file);
    }

    /** Every recorded component with its pid, in start order. */
    Map<String, Long> read() throws IOException {
        Map<String, Long> all = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    all.put(parts[0], Long.parseLong(parts[1]));
                }
            }
        }
        return all;
    }

    /** The recorded components whose process is alive. */
    Map<String, Long> alive() throws IOException {
        Map<String, Long> alive = new LinkedHashMap<>();
        read().forEach((name, pid) -> {
            if (isAlive(pid)) {
                alive.put(name, pid);
            }
        });
        return alive;
    }

    /** Records {@code name} with {@code pid}, replacing its earlier pid in place. */
    void put(String name, long pid) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            Map<String, Long> all = read();
            all.put(name, pid);
            StringBuilder out = new StringBuilder();
            all.forEach((n, p) -> out.append(n).append(' ').append(p).append('\n'));
            Path tmp = file.resolveSibling("pids.tmp");
            Files.writeString(tmp, out, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Blocks until this process holds the restart lock; close the channel to release it. */
    FileChannel restartLock() throws IOException {
        Files.createDirectories(restartLock.getParent());
        FileChannel channel = FileChannel.open(restartLock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.lock();
        return channel;
    }

    /** The restart lock if free now, else null (the supervisor skips a round while a restart runs). */
    FileChannel tryRestartLock() throws IOException {
        Files.createDirectories(restartLock.getParent());
        FileChannel channel = FileChannel.open(restartLock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (channel.tryLock() == null) {
            channel.close();
            return null;
        }
        return channel;
    }

    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
