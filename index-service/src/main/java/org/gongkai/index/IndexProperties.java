package org.gongkai.index;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the index-service ({@code gongkai.index.*}).
 *
 * @param name         base name: the read alias is {@code NAME}, the write alias {@code NAME-write}, the concrete
 *                     index {@code NAME-vVERSION} and the index template {@code NAME-template}; default
 *                     {@code notices}
 * @param indexVersion version of the concrete index this instance writes to (the write alias is moved to it at
 *                     start-up); bump it for a new mapping; default 1
 * @param replicas     replicas of the index (the template's {@code number_of_replicas}); default 0, for a single
 *                     node
 * @param bootstrap    whether to put the template, create the index and point the aliases at start-up; turn off
 *                     where the index is managed elsewhere; default true
 * @param mode         what this instance does: {@code live} (default) consumes {@code notices.enriched} and writes
 *                     through the write alias; {@code replay} builds {@code NAME-vVERSION} for a migration: it
 *                     creates the index, leaves both aliases alone and writes to the index itself (run it with a
 *                     consumer group of its own); {@code cut-over} moves both aliases to {@code NAME-vVERSION} in
 *                     one atomic request and exits (see the README's migration procedure)
 * @param forceCutOver cut over even when the new index holds fewer documents than the current read index;
 *                     default false
 * @param asyncCommits commit a batch's offsets without waiting for the broker's answer (they are committed only
 *                     after every record of the batch is resolved either way; a lost commit only replays the
 *                     batch, harmlessly); {@code false} waits for each commit; default true
 * @param bulk         how batches are written
 * @param redelivery   how the Kafka error handler retries a batch the listener gave up on
 */
@Validated
@ConfigurationProperties("gongkai.index")
public record IndexProperties(
        @DefaultValue("notices") @NotNull @Pattern(regexp = "[a-z][a-z0-9_-]{0,100}")
        String name,

        @DefaultValue("1") @Min(1) int indexVersion,
        @DefaultValue("0") @Min(0) @Max(10) int replicas,
        @DefaultValue("true") boolean bootstrap,
        @DefaultValue("live") @NotNull Mode mode,
        @DefaultValue("false") boolean forceCutOver,
        @DefaultValue("true") boolean asyncCommits,
        @Valid @DefaultValue Bulk bulk,
        @Valid @DefaultValue Redelivery redelivery) {

    public IndexNames names() {
        return new IndexNames(name, indexVersion);
    }

    /** What an instance does, see {@code mode}. */
    public enum Mode {
        /** Index the stream through the write alias. */
        LIVE,
        /** Build the index of {@code index-version} from the stream, writing to it directly, aliases untouched. */
        REPLAY,
        /** Move the read and write aliases to the index of {@code index-version}, then exit. */
        CUT_OVER
    }

    /**
     * Writing batches to Elasticsearch ({@code gongkai.index.bulk.*}).
     *
     * @param maxDocuments    most operations in one {@code _bulk} request; a poll with more is split; default 500
     * @param maxBytes        most bytes of documents in one {@code _bulk} request; default 8MB, so that a poll of
     *                        500 notices goes as one request (a single larger document is sent alone)
     * @param maxAttempts     attempts per operation that fails transiently (429, 5xx, no response, blocked or
     *                        missing index), before the listener gives up on the batch and hands it to the Kafka
     *                        error handler; default 6
     * @param initialBackoff  pause before the first retry; doubles per attempt, with jitter; default 200ms
     * @param maxBackoff      longest pause between retries; default 5s
     * @param maxRetryTime    longest time the listener keeps retrying one batch (keep it well under the
     *                        consumer's {@code max.poll.interval.ms}); default 60s
     * @param requestTimeout  how long one {@code _bulk} request may take to be answered (its socket timeout; other
     *                        requests keep {@code spring.elasticsearch.socket-timeout}); sized for the largest
     *                        request ({@code max-bytes}) on a busy node: a request given up too early is still being
     *                        written by the node when it is sent again, and both count against the node's indexing
     *                        pressure limit (429). {@code max-retry-time} plus this must stay under the consumer's
     *                        {@code max.poll.interval.ms} (checked at start-up); default 120s
     * @param serialMaxDocuments requests of at most this many operations are sent one at a time across the
     *                        instance's consumers, larger ones at once: at a trickle the consumers' small requests
     *                        then reach Elasticsearch one after the other and fill one in-memory segment a refresh
     *                        instead of one per concurrent request (less refresh, merge and write CPU a notice), while
     *                        a backlog's large polls still go in parallel; 0 sends every request at once; default 100
     *                        (a poll at a trickle holds a few to a few dozen notices, under a backlog ~200)
     */
    public record Bulk(
            @DefaultValue("500") @Min(1) @Max(10_000) int maxDocuments,
            @DefaultValue("8MB") @NotNull DataSize maxBytes,
            @DefaultValue("6") @Min(1) @Max(100) int maxAttempts,
            @DefaultValue("200ms") @NotNull Duration initialBackoff,
            @DefaultValue("5s") @NotNull Duration maxBackoff,
            @DefaultValue("60s") @NotNull Duration maxRetryTime,
            @DefaultValue("120s") @NotNull Duration requestTimeout,
            @DefaultValue("100") @Min(0) @Max(10_000) int serialMaxDocuments) {

        public Bulk {
            if (maxBytes != null && maxBytes.toBytes() < 1024) {
                throw new IllegalArgumentException("gongkai.index.bulk.max-bytes must be at least 1KB");
            }
            if (requestTimeout != null && requestTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("gongkai.index.bulk.request-timeout must be at least 1s");
            }
            if (initialBackoff != null && maxBackoff != null && maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("gongkai.index.bulk.max-backoff must not be below initial-backoff");
            }
        }
    }

    /**
     * Redelivery of a whole batch by the Kafka error handler ({@code gongkai.index.redelivery.*}): without limit, for
     * whatever made the listener give up (Elasticsearch unavailable, a dead letter that cannot be written, an
     * unreadable response, a bug), with the consumer paused and nothing committed or dead-lettered meanwhile. A batch
     * is never dead-lettered as a whole: only records found faulty themselves are.
     *
     * @param initialInterval pause before the first redelivery; doubles per attempt, less up to half at random; default 1s
     * @param maxInterval     longest pause; default 30s
     */
    public record Redelivery(
            @DefaultValue("1s") @NotNull Duration initialInterval,
            @DefaultValue("30s") @NotNull Duration maxInterval) {}
}
