package org.gongkai.elasticsearch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Connection to Elasticsearch under Spring Boot 4's standard names ({@code spring.elasticsearch.*}), bound here
 * because Boot's own Elasticsearch support builds the 9.x client while the services talk to 8.19 servers with the
 * 8.19 client. Boot's keys keep their meaning; the one group this client does not support,
 * {@code spring.elasticsearch.restclient.sniffer.*}, and any key Boot does not know either (a typo) fail the start
 * with the key named ({@code ignoreUnknownFields = false}), instead of being silently ignored.
 *
 * @param uris              node URLs, {@code http} or {@code https}, without credentials or path; default
 *                          {@code http://localhost:9200}
 * @param username          basic-auth user name; none by default
 * @param password          basic-auth password; required with a user name
 * @param apiKey            API key, sent as {@code Authorization: ApiKey <api-key>}: the {@code encoded} value
 *                          Elasticsearch returns when the key is created; not together with a user name
 * @param connectionTimeout time to open a connection; default 1s
 * @param socketTimeout     time to wait for a response; default 30s
 * @param socketKeepAlive   TCP keep-alive on the connections; default false
 * @param pathPrefix        prefix added to every request path, for nodes behind a proxy; none by default
 * @param restclient        {@code restclient.ssl.bundle}: the SSL bundle ({@code spring.ssl.bundle.*}) that the
 *                          {@code https} URIs are trusted with; the JVM's trust store without one
 */
@Validated
@ConfigurationProperties(prefix = "spring.elasticsearch", ignoreUnknownFields = false)
public record ElasticsearchProperties(
        @DefaultValue("http://localhost:9200") @NotEmpty List<URI> uris,
        String username,
        String password,
        String apiKey,
        @DefaultValue("1s") @NotNull Duration connectionTimeout,
        @DefaultValue("30s") @NotNull Duration socketTimeout,
        @DefaultValue("false") boolean socketKeepAlive,
        String pathPrefix,
        @DefaultValue @Valid Restclient restclient) {

    @ConstructorBinding
    public ElasticsearchProperties {
        username = blankToNull(username);
        password = password == null || password.isEmpty() ? null : password;
        apiKey = blankToNull(apiKey);
        pathPrefix = blankToNull(pathPrefix);
        restclient = restclient == null ? new Restclient(null) : restclient;
        if (uris != null) {
            for (URI uri : uris) {
                check(uri);
            }
            uris = List.copyOf(uris);
        }
        if (username != null && password == null) {
            throw new IllegalArgumentException("spring.elasticsearch.password is required with a username");
        }
        if (username == null && password != null) {
            throw new IllegalArgumentException("spring.elasticsearch.password is set without a username");
        }
        if (username != null && apiKey != null) {
            throw new IllegalArgumentException(
                    "spring.elasticsearch.api-key and spring.elasticsearch.username are both set: choose one");
        }
        if (restclient.ssl().bundle() != null
                && uris != null
                && uris.stream().noneMatch(u -> "https".equals(u.getScheme()))) {
            throw new IllegalArgumentException("spring.elasticsearch.restclient.ssl.bundle is set but no"
                    + " spring.elasticsearch.uris is https: the bundle would not be used");
        }
    }

    /** Plain HTTP without credentials: for tests and tools. */
    public ElasticsearchProperties(
            List<URI> uris,
            String username,
            String password,
            Duration connectionTimeout,
            Duration socketTimeout,
            String pathPrefix) {
        this(uris, username, password, null, connectionTimeout, socketTimeout, false, pathPrefix, null);
    }

    /** {@code spring.elasticsearch.restclient.*}: only {@code ssl} is supported (no sniffer). */
    public record Restclient(@DefaultValue @Valid Ssl ssl) {
        public Restclient {
            ssl = ssl == null ? new Ssl(null) : ssl;
        }
    }

    /**
     * {@code spring.elasticsearch.restclient.ssl.*}.
     *
     * @param bundle name of the SSL bundle ({@code spring.ssl.bundle.*}) that the {@code https} URIs are trusted
     *               with; none by default (the JVM's trust store)
     */
    public record Ssl(String bundle) {
        public Ssl {
            bundle = blankToNull(bundle);
        }
    }

    /** The SSL bundle name, {@code null} without one. */
    public String sslBundle() {
        return restclient.ssl().bundle();
    }

    private static void check(URI uri) {
        String scheme = uri.getScheme();
        if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new IllegalArgumentException("spring.elasticsearch.uris must be http(s) URLs with a host: " + uri);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("spring.elasticsearch.uris must not carry credentials (" + uri.getHost()
                    + "): use spring.elasticsearch.username/password or api-key");
        }
        if ((uri.getRawPath() != null
                        && !uri.getRawPath().isEmpty()
                        && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("spring.elasticsearch.uris must not have a path or query (" + uri
                    + "): use spring.elasticsearch.path-prefix");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
