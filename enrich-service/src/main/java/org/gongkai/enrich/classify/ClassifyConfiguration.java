package org.gongkai.enrich.classify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/** The service's one {@link SubjectClassifier} and its explanation endpoint. */
@Configuration(proxyBeanMethods = false)
public class ClassifyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClassifyConfiguration.class);

    /**
     * Loads the model and synonym tables at start-up (~0.2 s); an unreadable model or a bad synonym table fails
     * start-up.
     */
    @Bean
    SubjectClassifier subjectClassifier(ClassifyProperties properties, ResourceLoader resources) {
        long start = System.nanoTime();
        SubjectClassifier classifier = properties.classifier(resources);
        log.info(
                "Subject model {} loaded from {} in {} ms",
                classifier.model().version(),
                properties.model(),
                (System.nanoTime() - start) / 1_000_000);
        return classifier;
    }

    @Bean
    ClassifyEndpoint classifyEndpoint(SubjectClassifier classifier) {
        return new ClassifyEndpoint(classifier);
    }
}
