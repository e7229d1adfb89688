package org.gongkai.index.lifecycle;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.gongkai.index.IndexNames;
import org.gongkai.index.IndexProperties;
import org.gongkai.index.consume.EnrichedNoticeListener;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/** Index lifecycle: template, index and aliases, created in the background at start-up. */
@Configuration(proxyBeanMethods = false)
public class LifecycleConfiguration {

    @Bean
    IndexBootstrap indexBootstrap(ElasticsearchClient client, IndexProperties properties) {
        IndexNames names = properties.names();
        return new IndexBootstrap(
                client,
                names,
                IndexTemplate.load().forIndex(names, properties.replicas()),
                properties.mode() == IndexProperties.Mode.LIVE);
    }

    @Bean
    AliasCutOver aliasCutOver(ElasticsearchClient client, IndexProperties properties) {
        return new AliasCutOver(client, properties.names());
    }

    /** {@code gongkai.index.mode=cut-over}: the cut-over as a command, then exit. */
    @Bean
    @ConditionalOnProperty(name = "gongkai.index.mode", havingValue = "cut-over")
    ApplicationRunner cutOverCommand(
            AliasCutOver cutOver, IndexProperties properties, ConfigurableApplicationContext context) {
        return args -> {
            int code = 0;
            try {
                cutOver.run(properties.forceCutOver());
            } catch (Exception e) {
                LoggerFactory.getLogger(AliasCutOver.class).error("Cut-over failed: {}", e.getMessage());
                code = 1;
            }
            int exit = code;
            System.exit(SpringApplication.exit(context, () -> exit));
        };
    }

    /** Starts the listener once the index is there. */
    @Bean
    IndexBootstrapRunner indexBootstrapRunner(
            IndexBootstrap bootstrap, IndexProperties properties, KafkaListenerEndpointRegistry registry) {
        boolean command = properties.mode() == IndexProperties.Mode.CUT_OVER;
        return new IndexBootstrapRunner(bootstrap::run, properties.bootstrap() && !command, () -> {
            if (command) {
                return;
            }
            MessageListenerContainer container = registry.getListenerContainer(EnrichedNoticeListener.ID);
            if (container == null) {
                throw new IllegalStateException("no listener container " + EnrichedNoticeListener.ID);
            }
            container.start();
        });
    }

    @Bean(name = "indexBootstrapHealthIndicator")
    IndexBootstrapHealthIndicator indexBootstrapHealthIndicator(
            IndexBootstrapRunner runner, IndexProperties properties) {
        return new IndexBootstrapHealthIndicator(runner, properties.names());
    }
}
