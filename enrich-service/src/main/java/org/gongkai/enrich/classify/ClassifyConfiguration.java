package org.gongkai.enrich.classify;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * The service's one subject classifier (following the model registry when one is configured) and its explanation
 * endpoint.
 */
@Configuration(proxyBeanMethods = false)
public class ClassifyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClassifyConfiguration.class);

    /**
     * Loads the model and synonym tables at start-up (~0.2 s); an unreadable model or a bad synonym table fails
     * start-up.
     */
    @Bean
    ReloadableClassifier subjectClassifier(ClassifyProperties properties, ResourceLoader resources) {
        long start = System.nanoTime();
        ReloadableClassifier classifier = properties.reloadableClassifier(resources);
        log.info(
                "Subject model {} loaded ({}) in {} ms",
                classifier.version(),
                properties.modelRegistry() == null ? properties.model() : "registry " + properties.modelRegistry(),
                (System.nanoTime() - start) / 1_000_000);
        return classifier;
    }

    /** Follows the registry's current version (only with {@code model-registry} set). */
    @Bean
    ModelRefresher subjectModelRefresher(
            ClassifyProperties properties, ReloadableClassifier classifier, MeterRegistry registry) {
        Duration interval = properties.modelRegistry() == null ? Duration.ZERO : properties.modelRefresh();
        return new ModelRefresher(classifier, interval, registry);
    }

    @Bean
    ClassifyEndpoint classifyEndpoint(ReloadableClassifier classifier) {
        return new ClassifyEndpoint(classifier);
    }
}
