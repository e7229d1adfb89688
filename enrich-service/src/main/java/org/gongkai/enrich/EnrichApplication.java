package org.gongkai.enrich;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * enrich-service: consumes raw notices ({@code notices.raw}), extracts and normalises their metadata and text,
 * publishes structured notices ({@code notices.enriched}). Stages: {@code extract}, {@code normalise},
 * {@code pipeline}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EnrichApplication {

    public static void main(String[] args) {
        SpringApplication.run(EnrichApplication.class, args);
    }
}
