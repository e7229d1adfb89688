package org.gongkai.enrich.pipeline;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Map;
import org.gongkai.enrich.extract.SiteHints;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the enrichment pipeline ({@code gongkai.enrich.*}).
 *
 * @param concurrency         consumer threads of the {@code notices.raw} listener (each owns some partitions;
 *                            more threads than partitions stay idle); default 2
 * @param maxBatch            most records of {@code notices.raw} handled in one poll, i.e. in one Kafka transaction
 *                            (the consumer's {@code max.poll.records}, set from here): larger polls spread a
 *                            transaction's cost over more notices, smaller ones keep a poll's time to commit (the
 *                            latency of its first notice) and the work redone after a failed send short; default 100
 * @param sendTimeout         how long the sends of one poll to {@code notices.enriched} may wait for the broker's
 *                            acks after the last of them before they count as failed and the poll is retried; default
 *                            30s
 * @param retryInitialInterval first back-off after a transient failure (a failed send), before the poll is delivered
 *                            again; default 500ms
 * @param retryMultiplier     growth of the back-off between attempts; default 2.0
 * @param retryMaxInterval    longest single back-off; default 30s
 * @param retryMaxElapsed     total time a failed poll is retried before each of its records is dead-lettered; the
 *                            consumer of its partitions makes no progress meanwhile (order per notice matters more);
 *                            default 10m
 * @param instanceId          this instance's stable identity, part of its transactional ids
 *                            ({@code spring.kafka.producer.transaction-id-prefix} is
 *                            {@code enrich-service-<instance-id>-}); must differ between instances running at the
 *                            same time and stay the same across restarts of one instance, so a restarted instance
 *                            fences its predecessor and aborts the transaction it left open; default
 *                            {@code <HOSTNAME>-<server.port>} (in Compose the container's host name)
 * @param sites               per-site extraction hints by site id (the crawler's {@code siteId}), e.g.
 *                            {@code gongkai.enrich.sites.dhq.body-selector=div.wz_content}; none by default
 */
@Validated
@ConfigurationProperties("gongkai.enrich")
public record EnrichProperties(
        @DefaultValue("2") @Min(1) @Max(64) int concurrency,
        @DefaultValue("100") @Min(1) @Max(10000) int maxBatch,
        @DefaultValue("30s") @NotNull Duration sendTimeout,
        @DefaultValue("500ms") @NotNull Duration retryInitialInterval,
        @DefaultValue("2.0") @DecimalMin("1.0") double retryMultiplier,
        @DefaultValue("30s") @NotNull Duration retryMaxInterval,
        @DefaultValue("10m") @NotNull Duration retryMaxElapsed,
        @Pattern(regexp = "[A-Za-z0-9._-]{1,100}") String instanceId,
        Map<String, SiteHints> sites) {

    public EnrichProperties {
        sites = sites == null ? Map.of() : Map.copyOf(sites);
    }
}
