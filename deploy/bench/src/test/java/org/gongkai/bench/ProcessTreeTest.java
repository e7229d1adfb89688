package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

    @Test
    void aTreesCpuIsItsProcessesPlusThatOfTheChildrenListedAtItsFirstReading() throws Exception {
        Process child = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            ProcStats.ProcessTree tree =
                    new ProcStats.ProcessTree(ProcessHandle.current().pid());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ProcStats.cpuSeconds(child.pid()) >= 0.05);

            double own = ProcStats.ownCpuSeconds();
            double childCpu = ProcStats.cpuSeconds(child.pid());
            assertThat(tree.cpuSeconds()).isGreaterThanOrEqualTo(own + childCpu);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void aGoneProcessHasNoCpu() {
        assertThat(new ProcStats.ProcessTree(Long.MAX_VALUE / 2).cpuSeconds()).isNaN();
    }
}
