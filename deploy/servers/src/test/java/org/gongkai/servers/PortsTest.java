package org.gongkai.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {

    @Test
    void aChosenPortLiesBelowTheEphemeralRangeWhereNoOutgoingConnectionCanTakeIt() {
        int port = Ports.choose(32_768, bound -> bound - 1, candidate -> true);

        assertThat(port).isBetween(Ports.LOWEST, 32_767);
    }

    @Test
    void aPortAlreadyHandedOutInThisJvmIsNeverHandedOutAgain() {
        // The same random draw twice: the second call must move on to another candidate.
        AtomicInteger draws = new AtomicInteger();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            draws.set(0);
            ports.add(Ports.choose(32_768, bound -> 7_000 + draws.getAndIncrement(), candidate -> true));
        }

        assertThat(ports).hasSize(3);
    }

    @Test
    void aPortSomeoneHasBoundIsSkipped() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int bound = taken.getLocalPort();
            int port = Ports.freePort();

            assertThat(port).isNotEqualTo(bound);
            try (ServerSocket mine = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(mine.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void withNoRoomBelowTheEphemeralRangeTheKernelChooses() {
        int port = Ports.choose(1_024, bound -> 0, candidate -> true);

        assertThat(port).isPositive();
        assertThat(Ports.choose(-1, bound -> 0, candidate -> true)).isPositive();
    }

    @Test
    void whenEveryCandidateIsTakenTheKernelChooses() {
        AtomicInteger checks = new AtomicInteger();

        int port = Ports.choose(32_768, bound -> 1, candidate -> checks.incrementAndGet() < 0);

        assertThat(checks.get()).isGreaterThan(1);
        assertThat(port).isNotEqualTo(Ports.LOWEST + 1);
    }

    @Test
    void theEphemeralRangeIsReadFromTheKernelsFile(@TempDir Path dir) throws IOException {
        Path range = Files.writeString(dir.resolve("ip_local_port_range"), "32768\t60999\n");

        assertThat(Ports.ephemeralLow(range)).isEqualTo(32_768);
        assertThat(Ports.ephemeralLow(dir.resolve("missing"))).isEqualTo(-1);
        assertThat(Ports.ephemeralLow(Files.writeString(dir.resolve("garbled"), "x y")))
                .isEqualTo(-1);
    }
}
