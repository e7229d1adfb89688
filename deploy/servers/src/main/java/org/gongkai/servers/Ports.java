package org.gongkai.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * Free loopback ports for servers a test or the benchmark starts as child processes.
 *
 * <p>A port is chosen below the kernel's ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}) and
 * checked by binding it. A port the kernel hands out for {@code bind(0)} comes from that range, and so does the
 * local port of every outgoing connection on the machine: between our probe closing and the child binding, any
 * client connecting anywhere (a Kafka client opening its next connection) could take it, which CI saw as "Port …
 * was already in use". Below the range, only another caller of this class can take it; the ports this JVM handed
 * out are remembered, so two callers in one JVM never get the same one, and the random choice makes two JVMs
 * unlikely to meet. Where the range cannot be read, or leaves no room below it, the kernel chooses as before.
 *
 * <p>Thread-safe.
 */
public final class Ports {

    /** The lowest port chosen: above the local run's fixed defaults (9092, 9200, 1808x, 1809x). */
    static final int LOWEST = 20_000;

    private static final int ATTEMPTS = 200;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {}

    public static int freePort() {
        int ephemeralLow = ephemeralLow(EPHEMERAL_RANGE);
        return choose(ephemeralLow, bound -> ThreadLocalRandom.current().nextInt(bound), Ports::bindable);
    }

    /**
     * A port in [{@link #LOWEST}, {@code ephemeralLow}) not handed out before that {@code free} accepts, or the
     * kernel's choice when there is no such range or no candidate was free in {@value #ATTEMPTS} tries.
     */
    static int choose(int ephemeralLow, IntUnaryOperator random, PortCheck free) {
        int span = ephemeralLow - LOWEST;
        if (span >= 1_000) {
            for (int i = 0; i < ATTEMPTS; i++) {
                int port = LOWEST + random.applyAsInt(span);
                if (!HANDED_OUT.contains(port) && free.bindable(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        return kernelChoice();
    }

    /** The first port of the kernel's ephemeral range, or -1 where it cannot be read. */
    static int ephemeralLow(Path rangeFile) {
        try {
            String[] bounds = Files.readString(rangeFile).trim().split("\\s+");
            return Integer.parseInt(bounds[0]);
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    @FunctionalInterface
    interface PortCheck {
        boolean bindable(int port);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int kernelChoice() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
