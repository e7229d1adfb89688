package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    private static final String DUMP = """
            2026-12-05 11:30:00
            Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode, sharing):

            "elasticsearch[node-1][write][T#1]" #70 daemon prio=5 os_prio=0 cpu=1500.50ms elapsed=100.00s tid=0x1 nid=0x2 waiting on condition  [0x0]
               java.lang.Thread.State: WAITING (parking)
            "elasticsearch[node-1][write][T#2]" #71 daemon prio=5 os_prio=0 cpu=500.00ms elapsed=100.00s tid=0x1 nid=0x3 runnable  [0x0]
            "elasticsearch[node-1][search][T#1]" #80 daemon prio=5 os_prio=0 cpu=250.00ms elapsed=90.00s tid=0x1 nid=0x4 runnable  [0x0]
            "elasticsearch[node-1][[notices-v1][0]: Lucene Merge Thread #3]" #99 daemon prio=5 os_prio=0 cpu=2.5s elapsed=3.00s tid=0x1 nid=0x5 runnable  [0x0]
            "C2 CompilerThread0" #7 daemon prio=9 os_prio=0 cpu=300.00ms elapsed=100.00s tid=0x1 nid=0x6 waiting on condition  [0x0]
            "C2 CompilerThread1" #9 daemon prio=9 os_prio=0 cpu=100.00ms elapsed=100.00s tid=0x1 nid=0x7 waiting on condition  [0x0]
            "GC Thread#0" os_prio=0 cpu=40.00ms elapsed=100.00s tid=0x1 nid=0x8 runnable
            """;

    @Test
    void threadsAreSummedByTheirElasticsearchPoolOrByTheirNameWithoutNumbers() {
        Map<String, Double> groups = ThreadCpu.parse(DUMP);

        assertThat(groups.get("write")).isCloseTo(2.0005, within(1e-9));
        assertThat(groups.get("search")).isCloseTo(0.25, within(1e-9));
        assertThat(groups.get("merge")).isCloseTo(2.5, within(1e-9));
        assertThat(groups.get("C CompilerThread")).isCloseTo(0.4, within(1e-9));
        assertThat(groups.get("GC Thread")).isCloseTo(0.04, within(1e-9));
        assertThat(groups).hasSize(5);
    }

    @Test
    void whatTheProcessUsedBeyondItsLiveThreadsIsCountedAsThreadsThatEnded() {
        Map<String, Double> before = Map.of("write", 1.0, "search", 0.5, "merge", 2.0);
        Map<String, Double> after = Map.of("write", 3.0, "search", 0.75, "refresh", 0.25);

        Map<String, Double> used = ThreadCpu.between(before, after, 4.0);

        assertThat(used)
                .containsEntry("write", 2.0)
                .containsEntry("search", 0.25)
                .containsEntry("refresh", 0.25);
        assertThat(used).containsEntry(ThreadCpu.ENDED, 1.5);
        assertThat(used.keySet()).startsWith("write", ThreadCpu.ENDED); // largest first
    }
}
