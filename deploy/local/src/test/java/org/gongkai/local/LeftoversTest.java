package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes standing in for an Elasticsearch node orphaned by its killed launcher: what {@code kill -9} of the
 * recorded pid leaves behind (found in the session 8 trial: the node kept {@code node.lock} and every restart failed).
 */
class LeftoversTest {

    @TempDir
    Path tmp;

    private Process ours;
    private Process others;

    @AfterEach
    void end() {
        for (Process p : new Process[] {ours, others}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    /** A process whose command line carries the node's {@code -Des.path.conf=…} argument, as the server JVM's does. */
    private static Process node(Path home) throws Exception {
        String conf = "-Des.path.conf="
                + home.resolve("elasticsearch").resolve("config").toAbsolutePath();
        return new ProcessBuilder("bash", "-c", "sleep 60; :", conf).start();
    }

    @Test
    void aNodeOfThisRunLeftByItsLauncherIsFoundAndEndedAndAnotherRunsNodeIsLeftAlone() throws Exception {
        Path home = tmp.resolve("run-a/.gongkai");
        ours = node(home);
        others = node(tmp.resolve("run-b/.gongkai"));

        assertThat(Leftovers.elasticsearch(home)).extracting(ProcessHandle::pid).containsExactly(ours.pid());

        assertThat(Leftovers.endElasticsearch(home, Duration.ofSeconds(5))).isEqualTo(1);
        assertThat(ours.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(others.isAlive()).isTrue();
        assertThat(Leftovers.elasticsearch(home)).isEmpty();
    }
}
