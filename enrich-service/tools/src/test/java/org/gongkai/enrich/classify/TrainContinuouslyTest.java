package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's command line before any broker is involved, and with none answering. */
class TrainContinuouslyTest {

    @TempDir
    Path dir;

    @Test
    void aRegistryDirectoryThatDoesNotExistIsRefusedUnlessCreateIsGiven() {
        Path typo = dir.resolve("registry-typo");

        assertThatThrownBy(() -> TrainContinuously.run(
                        new String[] {"--bootstrap", "127.0.0.1:9", "--registry", typo.toString()}, () -> true))
                .isInstanceOf(TrainContinuously.UsageException.class)
                .hasMessageContaining("no model registry at " + typo)
                .hasMessageContaining("--create");
        assertThat(typo).doesNotExist();
    }

    @Test
    void aBrokerThatDoesNotAnswerIsOneClearErrorAndNothingIsCreated() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String bootstrap = "127.0.0.1:" + port;
        Path fresh = dir.resolve("new-registry");

        assertThatThrownBy(() -> TrainContinuously.run(
                        new String[] {
                            "--bootstrap", bootstrap, "--registry", fresh.toString(), "--create", "--broker-wait", "2"
                        },
                        () -> true))
                .isInstanceOf(TrainContinuously.BrokerUnavailableException.class)
                .hasMessage("no answer from the broker at " + bootstrap
                        + " within 2 s (is Kafka running? check --bootstrap); nothing was written to the registry");
        assertThat(fresh).doesNotExist();
        assertThat(Files.exists(dir.resolve("new-registry"))).isFalse();
    }

    @Test
    void helpPrintsTheUsageOfBothTools() throws IOException {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            TrainContinuously.run(new String[] {"--help"}, () -> true);
            RollbackSubjectModel.main(new String[] {"--help"});
        } finally {
            System.setOut(out);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("TrainContinuously --bootstrap HOST:PORT --registry DIR [--create]")
                .contains(
                        "RollbackSubjectModel --registry DIR [--list | --to VERSION | --shipped | --resume | --promote FILE]");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThatThrownBy(() -> TrainContinuously.run(new String[] {"--registery", "x"}, () -> true))
                .isInstanceOf(TrainContinuously.UsageException.class)
                .hasMessageStartingWith("unknown option --registery\nTrainContinuously --bootstrap");
    }

    @Test
    void aPartitionCheckIntervalBelowOneSecondIsAUsageError() {
        assertThatThrownBy(() -> TrainContinuously.run(
                        new String[] {
                            "--bootstrap", "127.0.0.1:9", "--registry", dir.toString(), "--partition-check", "0"
                        },
                        () -> true))
                .isInstanceOf(TrainContinuously.UsageException.class)
                .hasMessageContaining("--partition-check at least 1");
    }
}
