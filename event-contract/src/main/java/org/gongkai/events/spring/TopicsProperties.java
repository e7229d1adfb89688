package org.gongkai.events.spring;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the services declare the contract's topics ({@code gongkai.topics.*}).
 *
 * @param partitions  partitions of every topic, dead-letter topics included (they mirror their source's
 *                    partitions so a dead letter lands on the partition of the record it replaces); default 6
 * @param replication replication factor; default 1 (a single broker), use 3 on a production cluster
 * @param declare     whether the services create missing topics at start-up; default true
 * @param enrichedCleanupPolicy {@code cleanup.policy} of {@code notices.enriched}; default {@code compact}: the
 *                    topic keeps the latest structured notice of every id for good, so a new index version can be
 *                    built by replaying it (tombstones leave after {@code delete.retention.ms})
 * @param maxMessageBytes largest record a topic accepts ({@code max.message.bytes}); default 16 MiB, as a raw
 *                    notice carries both its decoded text and its bytes (producers need {@code max.request.size}
 *                    at least as large)
 */
@Validated
@ConfigurationProperties("gongkai.topics")
public record TopicsProperties(
        @DefaultValue("6") @Min(1) @Max(1000) int partitions,
        @DefaultValue("1") @Min(1) @Max(7) short replication,
        @DefaultValue("true") boolean declare,
        @DefaultValue("16777216") @Min(1048576) int maxMessageBytes,

        @DefaultValue("compact") @jakarta.validation.constraints.Pattern(regexp = "compact|delete|compact,delete")
        String enrichedCleanupPolicy) {}
