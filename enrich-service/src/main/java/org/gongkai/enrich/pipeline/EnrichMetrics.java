package org.gongkai.enrich.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counter {@code gongkai.enrich.notices}, tagged {@code outcome} = {@code enriched}, {@code tombstone} or
 * {@code dead-lettered}: every record consumed from {@code notices.raw} ends in exactly one of them. Thread-safe.
 */
public class EnrichMetrics {

    public static final String NOTICES = "gongkai.enrich.notices";

    private final Counter enriched;
    private final Counter tombstones;
    private final Counter deadLettered;

    public EnrichMetrics(MeterRegistry registry) {
        this.enriched = counter(registry, "enriched");
        this.tombstones = counter(registry, "tombstone");
        this.deadLettered = counter(registry, "dead-lettered");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder(NOTICES)
                .description("Raw notices consumed, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    /** Counts a committed poll's outcomes at once (one update per counter, not one per record). */
    public void poll(int enrichedCount, int tombstoneCount, int deadLetteredCount) {
        if (enrichedCount > 0) {
            enriched.increment(enrichedCount);
        }
        if (tombstoneCount > 0) {
            tombstones.increment(tombstoneCount);
        }
        if (deadLetteredCount > 0) {
            deadLettered.increment(deadLetteredCount);
        }
    }
}
