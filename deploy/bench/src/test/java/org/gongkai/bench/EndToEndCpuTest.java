package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndToEndCpuTest {

    @Test
    void theProcessesCpuPerNoticeAddsUpToTheRateTheCoresCouldCarry() {
        Map<String, Double> used = new LinkedHashMap<>();
        used.put("ingest-service", 6.0);
        used.put("elasticsearch", 3.0);
        used.put("harness", 1.0);
        Map<String, Double> pools = new LinkedHashMap<>(); // largest first, as ThreadCpu.between gives them
        pools.put("write", 2.0);
        pools.put("search", 1.0);
        EndToEndCpu cpu = new EndToEndCpu(1000, 20, used, pools, 2);

        assertThat(cpu.sumMicrosPerNotice()).isCloseTo(10_000, within(1e-6));
        assertThat(cpu.ceilingPerSecond()).isCloseTo(200, within(1e-6));
        assertThat(value(cpu, "e2e.ingest-service_cpu_us")).isCloseTo(6_000, within(1e-6));
        assertThat(value(cpu, "e2e.machine_cores")).isCloseTo(0.5, within(1e-9));
        assertThat(cpu.notes())
                .singleElement()
                .satisfies(n -> assertThat(n)
                        .contains("together 10000 µs")
                        .contains("at most 200 notices/s")
                        .contains("write 2000 µs, search 1000 µs"));
    }

    private static double value(EndToEndCpu cpu, String name) {
        return cpu.metrics().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow()
                .value();
    }
}
