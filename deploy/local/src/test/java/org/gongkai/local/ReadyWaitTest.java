package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gongkai.local.Services.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long {@code start} waits for a service's readiness, and what it says when the service is not ready. */
class ReadyWaitTest {

    @TempDir
    Path logs;

    @Test
    void withoutTheVariableAnIdleMachineGivesEachServiceThreeMinutes() {
        assertThat(ReadyWait.timeout(null, 1.5, 2).duration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(ReadyWait.timeout(" ", 0.0, 2).duration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(ReadyWait.timeout(null, -1, 2))
                .isEqualTo(new ReadyWait.Timeout(Duration.ofMinutes(3), "load average unknown"));
    }

    @Test
    void withoutTheVariableALoadedMachineStretchesTheWaitByItsLoadPerCoreUpToTwentyMinutes() {
        // session 9's trial: a load average of 40 on 2 cores, services ready in 150 s and more
        assertThat(ReadyWait.timeout(null, 5.0, 2))
                .isEqualTo(new ReadyWait.Timeout(Duration.ofSeconds(450), "load average 5.0 on 2 cores"));
        // session 10's: 57 on 2 cores, ready in 336 s; 180 s was too short
        assertThat(ReadyWait.timeout(null, 57.0, 2).duration()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void theVariableGivesTheWaitInSecondsWhateverTheLoad() {
        assertThat(ReadyWait.timeout("600", 57.0, 2))
                .isEqualTo(new ReadyWait.Timeout(Duration.ofMinutes(10), "GONGKAI_READY_TIMEOUT"));
        assertThat(ReadyWait.timeout(" 60 ", 0.1, 2).duration()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void anythingButAWholeNumberOfSecondsUpToADayIsAClearError() {
        for (String bad : new String[] {"0", "-5", "10m", "PT5M", "86401", "99999999999999999999"}) {
            assertThatThrownBy(() -> ReadyWait.timeout(bad, 0.0, 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("GONGKAI_READY_TIMEOUT must be a whole number of seconds from 1 to 86400")
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void aServiceNotReadyInTimeIsNamedWithHowLongWhyItsLogItsLastLineAndHowToWaitLonger() throws Exception {
        Path log = logs.resolve("index-service.log");
        Files.writeString(
                log, "starting\n04:01:02.003 INFO  [main] o.s.b.StartupInfoLogger - Starting IndexApplication\n\n");

        String message = ReadyWait.notReady(
                Service.INDEX, log, new ReadyWait.Timeout(Duration.ofSeconds(450), "load average 5.0 on 2 cores"));

        assertThat(message)
                .isEqualTo("index-service was not ready within 450 s (load average 5.0 on 2 cores); its log: " + log
                        + ", last line: 04:01:02.003 INFO  [main] o.s.b.StartupInfoLogger - Starting IndexApplication"
                        + "; to wait longer: GONGKAI_READY_TIMEOUT=900 deploy/local/gongkai start");
    }

    @Test
    void aLogNotWrittenYetIsSaidSoAndALongLastLineKeepsItsEnd() throws Exception {
        assertThat(ReadyWait.lastLine(logs.resolve("none.log"))).isEqualTo(" (not written yet)");

        Path log = logs.resolve("ingest-service.log");
        Files.writeString(log, "x".repeat(5000) + "END\n");
        assertThat(ReadyWait.lastLine(log))
                .startsWith(", last line: …")
                .endsWith("xEND")
                .hasSize(", last line: …".length() + 200);
    }

    @Test
    void aLogThatEndsInAStackTraceGivesItsRootCauseNotItsLastFrame() throws Exception {
        Path log = logs.resolve("enrich-service.log");
        Files.writeString(log, """
                04:01:02.003 ERROR [main] o.s.b.SpringApplication - Application run failed
                org.springframework.beans.factory.BeanCreationException: Error creating bean 'subjectClassifier'
                \tat org.springframework.beans.factory.support.ConstructorResolver.instantiate(ConstructorResolver.java:1)
                Caused by: java.io.UncheckedIOException: cannot read the registry
                \tat org.gongkai.enrich.classify.ClassifyProperties.reloadableClassifier(ClassifyProperties.java:1)
                \t... 12 common frames omitted
                Caused by: java.io.EOFException: Unexpected end of ZLIB input stream
                \tat java.base/java.util.zip.InflaterInputStream.fill(InflaterInputStream.java:1)
                \t... 37 common frames omitted
                """);

        assertThat(ReadyWait.lastLine(log))
                .isEqualTo(", cause: Caused by: java.io.EOFException: Unexpected end of ZLIB input stream");
    }
}
