package org.gongkai.index.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.gongkai.elasticsearch.ElasticsearchProperties;
import org.gongkai.events.Topics;
import org.gongkai.index.IndexProperties;
import org.gongkai.index.write.BulkIndexer;
import org.gongkai.index.write.IndexMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
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

    @Test
    void requestsOfUpToAHundredNoticesGoOneAtATimeByDefault() {
        assertThat(properties(Map.of()).bulk().serialMaxDocuments()).isEqualTo(100);
        assertThat(properties(Map.of("gongkai.index.bulk.serial-max-documents", "0"))
                        .bulk()
                        .serialMaxDocuments())
                .isZero();
    }

    @Test
    void theDefaultBulkTimeoutAndRetryTimeFitKafkasPollInterval() {
        assertThat(bulkIndexer(properties(Map.of()), new KafkaProperties())).isNotNull();
    }

    @Test
    void refusesABulkTimeoutThatWithTheRetriesCouldOutlastThePollInterval() {
        // 60 s of retries + 250 s for one request > Kafka's 5 minutes: the group would evict the consumer mid-batch
        IndexProperties properties = properties(Map.of("gongkai.index.bulk.request-timeout", "250s"));

        assertThatThrownBy(() -> bulkIndexer(properties, new KafkaProperties()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gongkai.index.bulk.request-timeout (PT4M10S)")
                .hasMessageContaining("max.poll.interval.ms (PT5M)");
    }

    @Test
    void aLongerPollIntervalAllowsALongerBulkTimeout() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.getConsumer().getProperties().put("max.poll.interval.ms", "600000");

        assertThat(bulkIndexer(properties(Map.of("gongkai.index.bulk.request-timeout", "250s")), kafka))
                .isNotNull();
    }

    private static BulkIndexer bulkIndexer(IndexProperties properties, KafkaProperties kafka) {
        // the client is never used: nothing is sent
        try (RestClient client =
                RestClient.builder(new HttpHost("127.0.0.1", 9)).build()) {
            return new ConsumeConfiguration()
                    .bulkIndexer(
                            client,
                            properties,
                            new ElasticsearchProperties(
                                    List.of(URI.create("http://127.0.0.1:9")),
                                    null,
                                    null,
                                    Duration.ofSeconds(1),
                                    Duration.ofSeconds(30),
                                    null),
                            kafka,
                            new IndexMetrics(new SimpleMeterRegistry()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
