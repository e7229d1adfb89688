package org.gongkai.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The ingest service: crawls the configured disclosure portals and publishes each notice page it finds as a
 * {@link org.gongkai.events.RawNotice} to {@link org.gongkai.events.Topics#RAW}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }
}
