package org.gongkai.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.gongkai.local.Services.Service;

/**
 * How long {@code start} and {@code restart} wait for each service's readiness, and the wait. A service's start-up
 * is CPU work (class loading, the JIT, Spring's context): 6–8 s a service on a quiet 2-core machine (the benchmark's
 * "ready" rows, docs/benchmarks.md), minutes on one whose load average is many times its cores (session 10's trial:
 * ready in 336 s at a load average of 57). So the wait, unless {@value #VARIABLE} gives it in seconds, is {@link
 * #IDLE} (a wide margin over a quiet start) stretched by the load average per core when the wait begins, at most
 * {@link #MAX_DERIVED}: a service not ready by then is stuck, not slow.
 *
 * <p>Not thread-safe (called from the one thread of {@code start}/{@code restart}).
 */
final class ReadyWait {

    /** Seconds each service may take to become ready; unset: derived from the machine's load. */
    static final String VARIABLE = "GONGKAI_READY_TIMEOUT";

    /** The wait on a machine whose load average is at most its number of cores. */
    static final Duration IDLE = Duration.ofSeconds(180);

    /** The longest derived wait. */
    static final Duration MAX_DERIVED = Duration.ofMinutes(20);

    /** The longest wait {@value #VARIABLE} may ask for (a day: anything longer is a typo). */
    static final long MAX_SECONDS = 86_400;

    /**
     * A readiness wait and how it was chosen.
     *
     * @param duration the wait per service
     * @param how      e.g. {@code "GONGKAI_READY_TIMEOUT"} or {@code "load average 57.0 on 2 cores"}
     */
    record Timeout(Duration duration, String how) {}

    private ReadyWait() {}

    /**
     * The wait: {@code value} in seconds, or when blank derived from the load.
     *
     * @param value       the variable's value, or null
     * @param loadAverage the last minute's load average (negative when the system does not tell)
     * @param cores       available processors
     * @throws IllegalArgumentException when the value is not a whole number of seconds in 1…{@value #MAX_SECONDS}
     */
    static Timeout timeout(String value, double loadAverage, int cores) {
        if (value == null || value.isBlank()) {
            double perCore = loadAverage < 0 ? 0 : loadAverage / Math.max(1, cores);
            long seconds = (long) Math.ceil(IDLE.toSeconds() * Math.max(1.0, perCore));
            String how = loadAverage < 0
                    ? "load average unknown"
                    : String.format(Locale.ROOT, "load average %.1f on %d cores", loadAverage, cores);
            return new Timeout(Duration.ofSeconds(Math.min(seconds, MAX_DERIVED.toSeconds())), how);
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds > 0 && seconds <= MAX_SECONDS) {
                return new Timeout(Duration.ofSeconds(seconds), VARIABLE);
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(
                VARIABLE + " must be a whole number of seconds from 1 to " + MAX_SECONDS + ", not '" + value + "'");
    }

    /** The wait from the environment and the machine's load now. */
    static Timeout timeout() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return timeout(System.getenv(VARIABLE), os.getSystemLoadAverage(), os.getAvailableProcessors());
    }

    /**
     * Waits until the service's readiness answers 200.
     *
     * @param log the service's log file, named in the failure
     * @throws IllegalStateException when the process ended first, or at the deadline (the process is left running;
     *                               the caller decides)
     */
    static void await(Service service, long pid, Path log, Timeout timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.duration().toNanos();
        while (Services.readiness(Components.servicePort(service)) != 200) {
            if (!PidFile.isAlive(pid)) {
                throw new IllegalStateException(
                        service.module + " exited before it was ready; its log: " + log + lastLine(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(notReady(service, log, timeout));
            }
            Thread.sleep(500); // waiting for another process with a deadline
        }
    }

    /** The message when a service was not ready in time: which, how long, why that long, its log, how to wait longer. */
    static String notReady(Service service, Path log, Timeout timeout) {
        long seconds = timeout.duration().toSeconds();
        return service.module + " was not ready within " + seconds + " s (" + timeout.how() + "); its log: " + log
                + lastLine(log) + "; to wait longer: " + VARIABLE + "=" + Math.max(600, 2 * seconds)
                + " deploy/local/gongkai start";
    }

    /**
     * {@code ", last line: …"} of the log (its last 200 characters at most), or empty when there is none. When the log
     * ends in a stack trace (a failed start: {@code Application run failed} and its trace), its last frame says
     * nothing: {@code ", cause: …"} gives the trace's last {@code Caused by:} line (the root cause) instead.
     */
    static String lastLine(Path log) {
        if (!Files.isRegularFile(log)) {
            return " (not written yet)";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - 32_768);
            byte[] tail = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(tail);
            List<String> lines = new String(tail, StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
            if (lines.isEmpty()) {
                return "";
            }
            String last = lines.get(lines.size() - 1);
            if (STACK_FRAME.matcher(last).matches()) {
                for (int i = lines.size() - 1; i >= 0; i--) {
                    if (lines.get(i).startsWith("Caused by: ")) {
                        return ", cause: " + cut(lines.get(i));
                    }
                }
            }
            return ", last line: " + cut(last);
        } catch (IOException e) {
            return "";
        }
    }

    /** A line of a Java stack trace below its first: a frame, or the frames left out. */
    private static final Pattern STACK_FRAME = Pattern.compile("at .+|\\.\\.\\. \\d+ (common frames omitted|more)");

    private static String cut(String line) {
        return line.length() > 200 ? "…" + line.substring(line.length() - 200) : line;
    }
}
