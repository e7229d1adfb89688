package org.gongkai.events.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

class KafkaListenersHealthIndicatorTest {

    private final KafkaListenerEndpointRegistry registry = mock(KafkaListenerEndpointRegistry.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final KafkaListenersHealthIndicator health = new KafkaListenersHealthIndicator(registry, meters);

    @Test
    void aContainerWhoseConsumerStoppedByItselfMakesTheServiceDownAndIsCounted() {
        List<MessageListenerContainer> containers = List.of(container("enrich", false), container("x", true));
        when(registry.getListenerContainers()).thenReturn(containers);

        Health result = health.health(true);

        assertThat(result.getStatus()).isEqualTo(Status.DOWN);
        assertThat(result.getDetails()).containsEntry("stopped", List.of("enrich"));
        assertThat(meters.get("gongkai.kafka.listeners.stopped").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void containersInTheirExpectedStateAreUp() {
        List<MessageListenerContainer> containers = List.of(container("enrich", true));
        when(registry.getListenerContainers()).thenReturn(containers);

        assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
        assertThat(meters.get("gongkai.kafka.listeners.stopped").gauge().value())
                .isZero();
    }

    private static MessageListenerContainer container(String id, boolean expected) {
        MessageListenerContainer container = mock(MessageListenerContainer.class);
        when(container.getListenerId()).thenReturn(id);
        when(container.isInExpectedState()).thenReturn(expected);
        return container;
    }
}
