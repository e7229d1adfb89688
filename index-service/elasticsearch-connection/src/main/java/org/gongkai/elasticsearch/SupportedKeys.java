package org.gongkai.elasticsearch;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.core.env.Environment;

/**
 * Refuses {@code spring.elasticsearch.*} keys that {@link ElasticsearchProperties} does not bind, from every
 * property source. {@code ignoreUnknownFields = false} already covers files, command line and system properties,
 * but Boot leaves environment variables out of that check ({@code UnboundElementsSourceFilter}), and under Compose
 * they are how the services are configured: a misspelt {@code SPRING_ELASTICSEARCH_*} would be ignored silently.
 * Boot's own check ({@link NoUnboundElementsBindHandler}) is run again here with every source included.
 */
public final class SupportedKeys {

    private SupportedKeys() {}

    /**
     * @throws org.springframework.boot.context.properties.bind.BindException naming the unsupported keys (its
     *     cause, {@code UnboundConfigurationPropertiesException}: "The elements [...] were left unbound")
     */
    public static void check(Environment environment) {
        Binder.get(environment)
                .bind(
                        "spring.elasticsearch",
                        Bindable.of(ElasticsearchProperties.class),
                        new NoUnboundElementsBindHandler(BindHandler.DEFAULT, source -> true));
    }
}
