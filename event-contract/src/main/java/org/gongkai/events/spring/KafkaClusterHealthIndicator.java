package org.gongkai.events.spring;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Kafka health: UP when the cluster answers a describe-cluster call within the timeout, with its id and broker
 * count; DOWN otherwise. Spring Boot has no Kafka health indicator of its own.
 *
 * <p><b>Bound:</b> a call of {@link #health} answers within {@code timeout} plus {@link #GRACE}, whatever the broker
 * does (down, refusing, or frozen with its connections open). Each check opens a short-lived admin client, gives the
 * cluster id and the node list one deadline together, and closes the client with a zero timeout: a plain
 * {@code close()} waits for the client's pending calls, which against a frozen broker (SIGSTOP, a hung host) took as
 * long as the freeze, minutes (session 18's trial, finding 6).
 *
 * <p><b>Concurrency:</b> thread-safe. At most one check runs at a time, on this indicator's own daemon thread;
 * callers that come while it runs wait for that same check, so concurrent probes never open more admin clients nor
 * pile up. A caller that waits past the bound gets DOWN ("no answer within …") and leaves the check to finish on
 * its thread; the next caller after it finished starts a fresh one. {@link #close()} stops the thread (Spring calls
 * it when the context closes).
 */
public class KafkaClusterHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

    /** What a caller may wait beyond the timeout: creating and closing the admin client, thread hand-over. */
    public static final Duration GRACE = Duration.ofSeconds(1);

    private final KafkaAdmin admin;
    private final Duration timeout;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "kafka-health-check");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Map<String, Object>> running;

    public KafkaClusterHealthIndicator(KafkaAdmin admin, Duration timeout) {
        super("Kafka health check failed");
        this.admin = admin;
        this.timeout = timeout;
    }

    /** The longest a call of {@link #health} takes: the timeout plus {@link #GRACE}. */
    public Duration bound() {
        return timeout.plus(GRACE);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try {
            builder.up().withDetails(check().get(bound().toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw new TimeoutException("Kafka gave no answer within " + bound());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The running check, or a new one when none runs. */
    private synchronized CompletableFuture<Map<String, Object>> check() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(this::describeCluster, checker);
        }
        return running;
    }

    private Map<String, Object> describeCluster() {
        int millis = (int) timeout.toMillis();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = new HashMap<>(admin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        Admin client = Admin.create(config);
        try {
            DescribeClusterResult cluster = client.describeCluster(new DescribeClusterOptions().timeoutMs(millis));
            String clusterId = cluster.clusterId().get(left(deadline), TimeUnit.NANOSECONDS);
            Collection<Node> nodes = cluster.nodes().get(left(deadline), TimeUnit.NANOSECONDS);
            return Map.of("clusterId", clusterId, "brokers", nodes.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Kafka health check interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka gave no answer within " + timeout, e);
        } finally {
            // Not close(): it waits for pending calls, as long as a frozen broker stays frozen.
            client.close(Duration.ZERO);
        }
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
