package org.gongkai.search.elasticsearch;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Connection to Elasticsearch under Spring Boot's standard names ({@code spring.elasticsearch.*}), as in
 * index-service. The user should be the portal's read-only user ({@code read} and {@code view_index_metadata} on
 * the read alias, see {@code deploy/OPERATIONS.md}); the credentials stay in this service.
 *
 * @param uris              node URLs, {@code http} or {@code https}; default {@code http://localhost:9200}
 * @param username          basic-auth user name; none by default
 * @param password          basic-auth password; required when a user name is set
 * @param connectionTimeout time to open a connection; default 1s
 * @param socketTimeout     time to wait for a search's answer; default 10s
 * @param pathPrefix        prefix added to every request path, for nodes behind a proxy; none by default
 */
@Validated
@ConfigurationProperties("spring.elasticsearch")
public record ElasticsearchProperties(
        @DefaultValue("http://localhost:9200") @NotEmpty List<URI> uris,
        String username,
        String password,
        @DefaultValue("1s") @NotNull Duration connectionTimeout,
        @DefaultValue("10s") @NotNull Duration socketTimeout,
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
        if (username != null && !username.isBlank() && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("spring.elasticsearch.password is required with a username");
        }
    }
}
