package org.gongkai.index.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gongkai.events.Topics;
import org.gongkai.index.IndexProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

class ConsumeConfigurationTest {

    @Test
    void commitsAsynchronouslyByDefault() {
        ConcurrentMessageListenerContainer<Object, Object> container = container();

        new ConsumeConfiguration().commitModeCustomizer(properties(Map.of())).configure(container);

        assertThat(container.getContainerProperties().isSyncCommits()).isFalse();
        assertThat(container.getContainerProperties().getCommitCallback()).isNotNull();
    }

    @Test
    void waitsForEachCommitWhenConfigured() {
        ConcurrentMessageListenerContainer<Object, Object> container = container();

        new ConsumeConfiguration()
                .commitModeCustomizer(properties(Map.of("gongkai.index.async-commits", "false")))
                .configure(container);

        assertThat(container.getContainerProperties().isSyncCommits()).isTrue();
    }

    private static IndexProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("gongkai.index", IndexProperties.class);
    }

    private static ConcurrentMessageListenerContainer<Object, Object> container() {
        return new ConcurrentMessageListenerContainer<>(
                new DefaultKafkaConsumerFactory<>(Map.of()), new ContainerProperties(Topics.ENRICHED));
    }
}
