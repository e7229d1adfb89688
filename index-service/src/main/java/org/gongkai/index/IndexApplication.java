package org.gongkai.index;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Consumes structured notices from {@code notices.enriched} and writes them to Elasticsearch behind the
 * {@code notices} alias.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IndexApplication {

    public static void main(String[] args) {
        SpringApplication.run(IndexApplication.class, args);
    }
}
