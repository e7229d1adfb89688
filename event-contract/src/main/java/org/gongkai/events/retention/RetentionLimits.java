package org.gongkai.events.retention;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/** How long a topic keeps a record its consumers have not read yet, from the topic's configuration. Stateless. */
final class RetentionLimits {

    private RetentionLimits() {}

    /** The limit per topic, read with {@code describeConfigs}; a topic whose limit is unlimited ({@code -1}) is left out. */
    static Map<String, Duration> of(Admin admin, Set<String> topics, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                .toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Duration> result = new HashMap<>();
        configs.forEach((resource, config) -> {
            Duration limit = limit(
                    value(config, "cleanup.policy"),
                    Long.parseLong(value(config, "retention.ms")),
                    Long.parseLong(value(config, "delete.retention.ms")));
            if (limit != null) {
                result.put(resource.name(), limit);
            }
        });
        return result;
    }

    /**
     * How long a topic keeps a record the group has not read: {@code retention.ms} when the policy deletes,
     * {@code delete.retention.ms} (how long tombstones survive) when it compacts, the smaller under both;
     * {@code null} when unlimited.
     */
    static Duration limit(String cleanupPolicy, long retentionMs, long deleteRetentionMs) {
        Long limit = null;
        if (cleanupPolicy.contains("delete") && retentionMs >= 0) {
            limit = retentionMs;
        }
        if (cleanupPolicy.contains("compact")) {
            limit = limit == null ? deleteRetentionMs : Math.min(limit, deleteRetentionMs);
        }
        return limit == null ? null : Duration.ofMillis(limit);
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config.get(name);
        if (entry == null || entry.value() == null) {
            throw new IllegalStateException("topic config " + name + " not described");
        }
        return entry.value();
    }
}
