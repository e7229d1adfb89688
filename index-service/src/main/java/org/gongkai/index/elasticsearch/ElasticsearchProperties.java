package org.gongkai.index.elasticsearch;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Connection to Elasticsearch, under Spring Boot's standard names ({@code spring.elasticsearch.*}). Bound here
 * because Boot 4's own Elasticsearch support targets the 9.x client while this service talks to 8.19 servers
 * with the 8.19 client.
 *
 * @param uris              node URLs, {@code http} or {@code https}; default {@code http://localhost:9200}
 * @param username          basic-auth user name; none by default
 * @param password          basic-auth password
 * @param connectionTimeout time to open a connection; default 1s
 * @param socketTimeout     time to wait for a response; bulk requests must finish within it; default 30s
 * @param pathPrefix        prefix added to every request path, for nodes behind a proxy; none by default
 */
@Validated
@ConfigurationProperties("spring.elasticsearch")
public record ElasticsearchProperties(
        @DefaultValue("http://localhost:9200") @NotEmpty List<URI> uris,
        String username,
        String password,
        @DefaultValue("1s") @NotNull Duration connectionTimeout,
        @DefaultValue("30s") @NotNull Duration socketTimeout,
        String pathPrefix) {

    public ElasticsearchProperties {
        if (uris != null) {
            for (URI uri : uris) {
                String scheme = uri.getScheme();
                if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                    throw new IllegalArgumentException(
                            "spring.elasticsearch.uris must be http(s) URLs with a host: " + uri);
                }
            }
            uris = List.copyOf(uris);
        }
    }
}
