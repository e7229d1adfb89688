package org.gongkai.local.faultrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's fault-injection run as a test: every notice of the portal indexed exactly once at its latest revision,
 * removed notices absent, no consumer lag, each dead-letter topic holding exactly its poison once with a reason,
 * after every service was killed with SIGKILL, Elasticsearch stopped, the broker restarted and the portal failing.
 *
 * <p>The short form runs in {@code ./mvnw verify}; the long form with {@code -Dfault.long=true} (or
 * {@code deploy/fault-run --long}); {@code -Dfault.seed=N} picks another schedule. The table goes to the log and
 * the report to {@code target/fault-run/<form>.json} (or {@code -Dfault.report=FILE}).
 */
class FaultInjectionIT {

    @Test
    void nothingIsLostDuplicatedOrStaleAndEachPoisonIsDeadLetteredOnceAfterEveryFault() throws Exception {
        long seed = Long.getLong("fault.seed", 14);
        boolean longForm = Boolean.parseBoolean(System.getProperty("fault.long", "false"));
        FaultRun.Settings settings = longForm ? FaultRun.Settings.longForm(seed) : FaultRun.Settings.shortForm(seed);
        Path repo = Path.of(System.getProperty("gongkai.repo", "../.."))
                .toAbsolutePath()
                .normalize();
        Path dir = Files.createTempDirectory("fault-run-");

        FaultReport report = new FaultRun(settings, repo, dir).run();

        System.out.println(report.table());
        String configured = System.getProperty("fault.report", "");
        Path file = configured.isBlank()
                ? repo.resolve("deploy/local/target/fault-run/" + settings.form() + ".json")
                : Path.of(configured);
        report.write(file);
        System.out.println("report written to " + file + "; servers' data and logs in " + dir);

        Observation last = report.final_();
        assertThat(report.faults()).as("faults injected").hasSize(3 * settings.killsPerService() + 4);
        assertThat(report.faults())
                .as("every fault recovered (a notice published after it became searchable)")
                .allSatisfy(f -> assertThat(f.recoverSeconds()).as(f.toString()).isPositive());
        assertThat(last.lost()).as("notices lost").isEmpty();
        assertThat(last.duplicated()).as("notices indexed more than once").isEmpty();
        assertThat(last.stale()).as("notices indexed at an older revision").isEmpty();
        assertThat(last.removedPresent()).as("removed notices still indexed").isEmpty();
        assertThat(last.enrichLag()).as("enrich-service lag").isZero();
        assertThat(last.indexLag()).as("index-service lag").isZero();
        assertThat(last.poisonWrong())
                .as("poison not where it belongs exactly once")
                .isEmpty();
        assertThat(last.unexpectedDeadLetters())
                .as("dead letters that are not poison")
                .isEmpty();
        assertThat(report.removals()).as("the run removed notices").isPositive();
        assertThat(report.updates()).as("the run updated notices").isPositive();
    }
}
