package org.gongkai.events.spring;

import jakarta.validation.constraints.AssertTrue;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The retention watch of a consuming service ({@code gongkai.retention.*}; OPERATIONS.md "Retention"): its consumer
 * group ({@code spring.kafka.consumer.group-id}) checked against the retention of the topics it reads.
 *
 * @param enabled  whether the service watches its group; default true (only where a group id is set)
 * @param interval time between checks; default 1m. The alerts' margins (half the retention limit) are far larger
 * @param timeout  bound of each broker request of a check; default 10s, shorter than {@code interval}
 */
@Validated
@ConfigurationProperties("gongkai.retention")
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1m") Duration interval,
        @DefaultValue("10s") Duration timeout) {

    @AssertTrue(message = "gongkai.retention.timeout must be positive and shorter than gongkai.retention.interval")
    public boolean isTimeoutWithinInterval() {
        return timeout != null
                && interval != null
                && !timeout.isNegative()
                && !timeout.isZero()
                && timeout.compareTo(interval) < 0;
    }
}
