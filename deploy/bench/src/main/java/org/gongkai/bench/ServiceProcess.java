package org.gongkai.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gongkai.local.Services;
import org.gongkai.local.Services.Service;
import org.gongkai.servers.ChildProcess;
import org.gongkai.servers.Ports;

/**
 * A service jar run as its own JVM, as an operator runs it, with the time from process start to readiness
 * ({@code /actuator/health/readiness} answering 200, polled every 50 ms), its CPU time and its resident memory.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Service service;
    private final ChildProcess process;
    private final int port;
    private final double readySeconds;
    private final JitMeter jit;
    private final JitMeter requests;

    private ServiceProcess(Service service, ChildProcess process, int port, double readySeconds) {
        this.service = service;
        this.process = process;
        this.port = port;
        this.readySeconds = readySeconds;
        this.jit = new JitMeter(process.pid(), false);
        // Tomcat's connector threads: http-nio-<address>-<port>-exec-<n>, -Poller, -Acceptor
        this.requests = new JitMeter(process.pid(), false, comm -> comm.startsWith("http-nio-"));
    }

    /**
     * Starts a service and waits for its readiness.
     *
     * @param jvmOptions  e.g. {@code -Xmx256m}; placed before {@code -jar}
     * @param environment added to the harness's environment (e.g. {@code MALLOC_ARENA_MAX})
     * @param args        Spring arguments ({@code --key=value})
     */
    public static ServiceProcess start(
            Path repo,
            Service service,
            List<String> jvmOptions,
            Map<String, String> environment,
            List<String> args,
            Path logDir) {
        int port = Ports.freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(Services.jar(repo, service).toString());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.addAll(args);
        long start = System.nanoTime();
        ChildProcess process =
                ChildProcess.start(service.module, command, repo, environment, logDir.resolve(service.module + ".log"));
        Duration timeout = Duration.ofMinutes(3);
        while (Services.readiness(port) != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module + " exited during start-up:\n" + process.logTail());
            }
            if (System.nanoTime() - start > timeout.toNanos()) {
                process.stop();
                throw new IllegalStateException(
                        service.module + " not ready after " + timeout + ":\n" + process.logTail());
            }
            pause(50);
        }
        return new ServiceProcess(service, process, port, (System.nanoTime() - start) / 1e9);
    }

    public Service service() {
        return service;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Seconds from starting the process to its readiness probe answering 200. */
    public double readySeconds() {
        return readySeconds;
    }

    public double cpuSeconds() {
        return ProcStats.cpuSeconds(process.pid());
    }

    /** CPU seconds of its JIT compiler threads so far (a part of {@link #cpuSeconds()}); one polling thread. */
    public double jitSeconds() {
        return jit.cpuSeconds();
    }

    /**
     * CPU seconds so far of its HTTP server's threads (a part of {@link #cpuSeconds()}): what answering requests
     * cost it, e.g. the harness's actuator calls with their password check; one polling thread.
     */
    public double requestCpuSeconds() {
        return requests.cpuSeconds();
    }

    public double rssMiB() {
        return ProcStats.rssMiB(process.pid());
    }

    /** Resident set size in bytes ({@code VmRSS}), {@code NaN} when the process is gone. */
    public double rssBytes() {
        return ProcStats.rssBytes(process.pid());
    }

    @Override
    public void close() {
        process.stop();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis); // pacing a measurement loop against external processes, not a test wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
