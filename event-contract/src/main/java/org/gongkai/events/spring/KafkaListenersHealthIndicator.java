package org.gongkai.events.spring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Health of the service's Kafka listener containers: DOWN while a container is not in the state it was put in
 * ({@link MessageListenerContainer#isInExpectedState()}), i.e. one that was started but whose consumer stopped by
 * itself: after an {@link Error} thrown by the listener, or when its producer was fenced and the container stops
 * ({@code stopContainerWhenFenced}). Such a consumer sends no lag metrics, so the lag alert cannot see it; this
 * indicator (in the readiness group) and the gauge {@code gongkai.kafka.listeners.stopped} (alert
 * {@code GongkaiConsumerStopped}) do. A container not started yet (index-service before its bootstrap) or stopped on
 * purpose counts as in its expected state.
 */
public class KafkaListenersHealthIndicator extends AbstractHealthIndicator {

    private final KafkaListenerEndpointRegistry registry;

    public KafkaListenersHealthIndicator(KafkaListenerEndpointRegistry registry) {
        super("Kafka listener health check failed");
        this.registry = registry;
    }

    /** Also registers the gauge of stopped containers. */
    public KafkaListenersHealthIndicator(KafkaListenerEndpointRegistry registry, MeterRegistry meters) {
        this(registry);
        Gauge.builder("gongkai.kafka.listeners.stopped", this, h -> h.stopped().size())
                .description("Kafka listener containers whose consumer stopped by itself (error or fenced)")
                .register(meters);
    }

    /** Ids of the containers not in their expected state. */
    List<String> stopped() {
        return registry.getListenerContainers().stream()
                .filter(c -> !c.isInExpectedState())
                .map(MessageListenerContainer::getListenerId)
                .sorted()
                .toList();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<String> stopped = stopped();
        if (stopped.isEmpty()) {
            builder.up()
                    .withDetail("containers", registry.getListenerContainers().size());
        } else {
            builder.down().withDetail("stopped", stopped);
        }
    }
}
