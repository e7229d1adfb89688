package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.gongkai.events.MalformedEventException;
import org.gongkai.events.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.serializer.DeserializationException;

/** Which failures the consumer's after-rollback processor retries and which it dead-letters at once. */
class ErrorHandlingTest {

    private final List<Exception> recovered = new ArrayList<>();
    private final DefaultAfterRollbackProcessor<Object, Object> processor =
            PipelineConfiguration.afterRollbackProcessor(
                    (record, e) -> recovered.add(e),
                    new EnrichProperties(
                            1,
                            Duration.ofSeconds(1),
                            Duration.ofMillis(1),
                            2.0,
                            Duration.ofMillis(5),
                            Duration.ofMillis(60),
                            "test",
                            null),
                    null);
    private final ConsumerRecord<Object, Object> record = new ConsumerRecord<>(Topics.RAW, 3, 42L, "k", null);

    @SuppressWarnings("unchecked")
    private final Consumer<Object, Object> consumer = mock(Consumer.class);

    private final MessageListenerContainer container = mock(MessageListenerContainer.class);

    /** One failed delivery after its rollback; true when the record was recovered (dead-lettered). */
    private boolean handle(Exception e) {
        int before = recovered.size();
        processor.process(List.of(record), consumer, container, e, true, ContainerProperties.EOSMode.V2);
        return recovered.size() > before;
    }

    @Test
    void deterministicFailuresAreDeadLetteredAtOnce() {
        List<Exception> failures = List.of(
                new ListenerExecutionFailedException("x", new EnrichmentException("boom", new IllegalStateException())),
                new ListenerExecutionFailedException("x", new IllegalArgumentException("tombstone without a key")),
                new DeserializationException(
                        "x", new byte[] {1}, false, new MalformedEventException("not a valid RawNotice")),
                new ListenerExecutionFailedException("x", new MalformedEventException("bad")));
        for (Exception failure : failures) {
            assertThat(handle(failure)).as("%s recovered at once", failure).isTrue();
        }
        assertThat(recovered).containsExactlyElementsOf(failures);
    }

    @Test
    void failedSendsAreRetriedWithBackOffThenDeadLettered() {
        Exception failure = new ListenerExecutionFailedException(
                "x", new PublishException("send failed", new ExecutionException(new TimeoutException("no broker"))));
        assertThat(handle(failure)).as("first failure is retried").isFalse();
        assertThat(recovered).isEmpty();

        int attempts = 1;
        while (!handle(failure)) {
            attempts++;
            assertThat(attempts).as("gives up after the max elapsed time").isLessThan(200);
        }
        assertThat(attempts).isGreaterThan(2);
        assertThat(recovered).containsExactly(failure);
    }
}
