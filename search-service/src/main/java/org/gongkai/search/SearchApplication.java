package org.gongkai.search;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The portal contract ({@code docs/portal-search.md}) as a typed HTTP API under {@code /api/}, and a search page
 * at {@code /}, over the read alias of the notices index. Read-only: it holds a read-only Elasticsearch user's
 * credentials and never writes.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SearchApplication {

    public static void main(String[] args) {
        SpringApplication.run(SearchApplication.class, args);
    }
}
