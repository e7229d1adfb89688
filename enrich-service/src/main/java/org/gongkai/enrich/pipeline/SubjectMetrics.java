package org.gongkai.enrich.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gongkai.events.EnrichedNotice;

/**
 * Counter {@code gongkai.enrich.subjects}: every notice classified, tagged {@code source} ({@code declared},
 * {@code predicted} or {@code unclassified}), {@code first} (the first-level category shown, {@code none} when
 * unclassified) and {@code model} (the subject model's version). After a promotion or a rollback
 * (deploy/OPERATIONS.md §1.4a) an operator sees how the new model's share of abstentions and its distribution over
 * the categories moved, without querying the index.
 *
 * <p>Counted when a notice is classified, so a poll that is retried (or a notice dead-lettered afterwards for size)
 * counts again: a distribution, not an exact tally (exact counts are in the index, §4). Series: at most 3 × 23 per
 * model version the process has used. Thread-safe.
 */
final class SubjectMetrics {

    static final String SUBJECTS = "gongkai.enrich.subjects";

    private record Key(String source, String first, String model) {}

    private final MeterRegistry registry;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

    SubjectMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void classified(EnrichedNotice.Subject subject) {
        Key key = new Key(
                subject.source() == null ? "unclassified" : subject.source(),
                subject.first() == null ? "none" : subject.first(),
                subject.modelVersion() == null ? "none" : subject.modelVersion());
        counters.computeIfAbsent(key, this::register).increment();
    }

    private Counter register(Key key) {
        return Counter.builder(SUBJECTS)
                .description("Notices classified, by where the subject shown comes from, its first level, and model")
                .tag("source", key.source())
                .tag("first", key.first())
                .tag("model", key.model())
                .register(registry);
    }
}
