package org.gongkai.enrich.classify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Checks the model registry every {@code interval} and swaps in the version it names ({@link
 * ReloadableClassifier#refresh()}), so a promotion or rollback takes effect without restarting enrich-service.
 *
 * <p>Metrics: {@code gongkai.enrich.subject.model.reloads{outcome=loaded|failed}} and
 * {@code gongkai.enrich.subject.model.reload.failing} (1 while the registry names a model that does not load, for an
 * alert), set from start-up when the registry's model did not load then ({@link ReloadableClassifier#startFailure()}).
 * Runs on one daemon thread of its own; a failed load is logged once per change of its message and retried at the next
 * tick, the model in use stays; the end of a failure is logged (INFO) also when no other model is loaded.
 */
public final class ModelRefresher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ModelRefresher.class);

    private final ReloadableClassifier classifier;
    private final Duration interval;
    private final Counter loaded;
    private final Counter failed;
    private volatile int failing;
    private volatile String lastFailure;
    private ScheduledExecutorService scheduler;

    public ModelRefresher(ReloadableClassifier classifier, Duration interval, MeterRegistry registry) {
        this.classifier = classifier;
        this.interval = interval;
        this.loaded = Counter.builder("gongkai.enrich.subject.model.reloads")
                .description("Subject models loaded, or failed to load, from the model registry")
                .tag("outcome", "loaded")
                .register(registry);
        this.failed = Counter.builder("gongkai.enrich.subject.model.reloads")
                .description("Subject models loaded, or failed to load, from the model registry")
                .tag("outcome", "failed")
                .register(registry);
        Gauge.builder("gongkai.enrich.subject.model.reload.failing", this, r -> r.failing)
                .description("1 while the model registry names a model that cannot be loaded")
                .register(registry);
        classifier.startFailure().ifPresent(failure -> {
            // at start-up the registry's model did not load: the shipped one serves until it does
            failed.increment();
            failing = 1;
            lastFailure = failure;
            log.error(
                    "Cannot load the model registry's current subject model at start-up; the configured model {} is"
                            + " used until the registry names one that loads: {}",
                    classifier.version(),
                    failure);
        });
    }

    /** One check of the registry (what the schedule runs). */
    public void refreshOnce() {
        String before = classifier.version();
        try {
            if (classifier.refresh()) {
                loaded.increment();
                log.info("Subject model {} in use (was {})", classifier.version(), before);
            } else if (failing == 1) {
                // e.g. a rollback to the model still in use: nothing is loaded, but the failure is over
                log.info("The model registry names a subject model that loads again; {} stays in use", before);
            }
            failing = 0;
            lastFailure = null;
        } catch (Exception e) {
            failed.increment();
            failing = 1;
            String message = String.valueOf(e);
            if (!message.equals(lastFailure)) {
                log.error(
                        "Cannot load the model registry's current subject model; {} stays in use: {}", before, message);
                lastFailure = message;
            }
        }
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "subject-model-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::refreshOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
