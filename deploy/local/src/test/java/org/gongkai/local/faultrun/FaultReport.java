package org.gongkai.local.faultrun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outcome of a fault run: the faults injected with their recovery times, and the final state against the
 * portal and the poison. Printed as a table and written as JSON ({@link #write(Path)}).
 *
 * @param form            {@code short} (CI) or {@code long}
 * @param seed            seed of the fault schedule and the portal's changes
 * @param faults          each fault: what, when (seconds after the faults began), how long it was held, and the
 *                        seconds from its injection until a notice published on the portal after it was searchable
 * @param published       notices ever published on the portal (canaries included)
 * @param updates         revisions made during the run
 * @param removals        notices removed during the run
 * @param notices         notices live on the portal at the end (each must be indexed once at its latest revision)
 * @param poisonSent      poison records produced to the topics
 * @param final_          the state once the pipeline settled (or the wait ran out)
 * @param settleSeconds   seconds from the last fault's recovery until the state was clean (or the wait ran out)
 * @param totalSeconds    wall time of the whole run, start-up included
 */
record FaultReport(
        String form,
        long seed,
        List<Fault> faults,
        int published,
        int updates,
        int removals,
        int notices,
        int poisonSent,
        Observation final_,
        double settleSeconds,
        double totalSeconds) {

    /** One injected fault; {@code recoverSeconds} is -1 when the canary never became searchable. */
    record Fault(String kind, String target, double atSeconds, double heldSeconds, double recoverSeconds) {}

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nFault-injection run (%s form, seed %d)%n", form, seed));
        out.append(String.format("%-16s %-16s %8s %8s %12s%n", "fault", "target", "at s", "held s", "recovered s"));
        for (Fault f : faults) {
            out.append(String.format(
                    "%-16s %-16s %8.1f %8.1f %12.1f%n",
                    f.kind(), f.target(), f.atSeconds(), f.heldSeconds(), f.recoverSeconds()));
        }
        Observation o = final_;
        out.append(String.format(
                "faults injected %d | notices %d (published %d, updates %d, removals %d) | lost %d | duplicated %d"
                        + " | stale %d | removed but indexed %d | dead-lettered %d of %d poison (wrong: %d,"
                        + " unexpected: %d) | lag enrich %d, index %d | settled in %.1f s | run %.1f s%n",
                faults.size(),
                notices,
                published,
                updates,
                removals,
                o.lost().size(),
                o.duplicated().size(),
                o.stale().size(),
                o.removedPresent().size(),
                o.deadLettered(),
                poisonSent,
                o.poisonWrong().size(),
                o.unexpectedDeadLetters().size(),
                o.enrichLag(),
                o.indexLag(),
                settleSeconds,
                totalSeconds));
        o.reasons()
                .forEach((key, reason) -> out.append("  dead letter ")
                        .append(key, 0, Math.min(key.length(), 80))
                        .append(": ")
                        .append(reason, 0, Math.min(reason.length(), 160))
                        .append('\n'));
        o.poisonWrong().forEach(w -> out.append("  WRONG poison: ").append(w).append('\n'));
        o.unexpectedDeadLetters()
                .forEach(w -> out.append("  UNEXPECTED dead letter: ").append(w).append('\n'));
        return out.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JsonMapper json =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("form", form);
        summary.put("seed", seed);
        summary.put("faultsInjected", faults.size());
        summary.put("notices", notices);
        summary.put("published", published);
        summary.put("updates", updates);
        summary.put("removals", removals);
        summary.put("lost", final_.lost().size());
        summary.put("duplicated", final_.duplicated().size());
        summary.put("stale", final_.stale().size());
        summary.put("removedButIndexed", final_.removedPresent().size());
        summary.put("poisonSent", poisonSent);
        summary.put("deadLettered", final_.deadLettered());
        summary.put("poisonWrong", final_.poisonWrong());
        summary.put("unexpectedDeadLetters", final_.unexpectedDeadLetters());
        summary.put("lagEnrich", final_.enrichLag());
        summary.put("lagIndex", final_.indexLag());
        summary.put("settleSeconds", round(settleSeconds));
        summary.put("totalSeconds", round(totalSeconds));
        summary.put("faults", faults);
        summary.put("deadLetterReasons", final_.reasons());
        summary.put("lostIds", final_.lost());
        summary.put("duplicatedIds", final_.duplicated());
        summary.put("staleIds", final_.stale());
        Files.writeString(file, json.writeValueAsString(summary) + "\n");
    }

    static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
