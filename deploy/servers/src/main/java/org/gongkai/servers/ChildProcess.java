package org.gongkai.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server launched as an operating-system process, its output appended to a log file.
 *
 * <p>{@link #stop()} ends the whole process tree (a server started through {@code runuser} is a grandchild), first
 * politely, then by force. Not thread-safe: one owner starts and stops it.
 */
public final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code workDir} with extra environment variables, output to {@code log}. */
    public static ChildProcess start(
            String name, List<String> command, Path workDir, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Runs a command to completion and fails with the tail of its log when it exits non-zero. */
    public static void run(
            String name, List<String> command, Path workDir, Map<String, String> env, Path log, Duration timeout) {
        ChildProcess child = start(name, command, workDir, env, log);
        try {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.stop();
                throw new IllegalStateException(name + " did not finish within " + timeout + "\n" + child.logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.stop();
            throw new IllegalStateException("interrupted while running " + name, e);
        }
        if (child.process.exitValue() != 0) {
            throw new IllegalStateException(
                    name + " exited with " + child.process.exitValue() + "\n" + child.logTail());
        }
    }

    /**
     * Waits until {@code ready} answers true, failing early when the process dies and with the log tail on
     * timeout. Polls every 200 ms.
     */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " before it was ready\n" + logTail());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                stop();
                throw new IllegalStateException(name + " was not ready within " + timeout + "\n" + logTail());
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Ends the process and its descendants: SIGTERM, up to 20 s grace, then SIGKILL. */
    public void stop() {
        stopTree(process.toHandle(), Duration.ofSeconds(20));
    }

    /** Ends a process tree given by pid (used by the local run's stop command). */
    public static void stopTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(grace);
        for (ProcessHandle handle : tree) {
            long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            try {
                handle.onExit().get(left, TimeUnit.MILLISECONDS);
            } catch (Exception timeoutOrInterrupt) {
                handle.destroyForcibly();
            }
        }
    }

    /** The last 60 lines of the log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
            return "--- last lines of " + log + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }
}
