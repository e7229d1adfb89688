package org.gongkai.elasticsearch;

import java.net.URI;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHeaders;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.nio.reactor.IOReactorConfig;
import org.apache.http.message.BasicHeader;
import org.apache.http.nio.conn.ssl.SSLIOSessionStrategy;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * Builds the 8.19 low-level REST client from {@link ElasticsearchProperties}: what Boot's own auto-configuration
 * does for its client, written here for the 8.19 one (Apache HttpAsyncClient 4).
 *
 * <p>Differences from Boot, on purpose: a TLS connection checks that the server's certificate names the host of
 * the URI (Boot 4 switches host-name verification off when an SSL bundle is set), and credentials in a URI are
 * refused rather than used. The returned client is thread-safe; the caller closes it.
 */
public final class ElasticsearchRestClients {

    private ElasticsearchRestClients() {}

    /** A client for properties without an SSL bundle. */
    public static RestClient restClient(ElasticsearchProperties properties) {
        return restClient(properties, null);
    }

    /**
     * A client with the configured hosts, timeouts, keep-alive, path prefix, credentials (basic or API key) and
     * TLS.
     *
     * @param sslBundles Boot's SSL bundles ({@code spring.ssl.bundle.*}); may be {@code null} when no
     *                   {@code spring.elasticsearch.restclient.ssl.bundle} is set
     * @throws IllegalStateException when the SSL bundle is named but there are no bundles
     * @throws org.springframework.boot.ssl.NoSuchSslBundleException when the named bundle does not exist
     */
    public static RestClient restClient(ElasticsearchProperties properties, SslBundles sslBundles) {
        HttpHost[] hosts =
                properties.uris().stream().map(ElasticsearchRestClients::host).toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(config -> config.setConnectTimeout(
                                (int) properties.connectionTimeout().toMillis())
                        .setSocketTimeout((int) properties.socketTimeout().toMillis()));
        if (properties.pathPrefix() != null) {
            builder.setPathPrefix(properties.pathPrefix());
        }
        if (properties.apiKey() != null) {
            builder.setDefaultHeaders(
                    new Header[] {new BasicHeader(HttpHeaders.AUTHORIZATION, "ApiKey " + properties.apiKey())});
        }
        SSLIOSessionStrategy tls = tls(properties, sslBundles);
        builder.setHttpClientConfigCallback(http -> {
            if (properties.username() != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(
                        AuthScope.ANY, new UsernamePasswordCredentials(properties.username(), properties.password()));
                http.setDefaultCredentialsProvider(credentials);
            }
            if (properties.socketKeepAlive()) {
                http.setDefaultIOReactorConfig(
                        IOReactorConfig.custom().setSoKeepAlive(true).build());
            }
            if (tls != null) {
                http.setSSLStrategy(tls);
            }
            return http;
        });
        return builder.build();
    }

    private static SSLIOSessionStrategy tls(ElasticsearchProperties properties, SslBundles sslBundles) {
        String name = properties.sslBundle();
        if (name == null) {
            return null;
        }
        if (sslBundles == null) {
            throw new IllegalStateException(
                    "spring.elasticsearch.restclient.ssl.bundle is " + name + " but no SSL bundles are configured");
        }
        SslBundle bundle = sslBundles.getBundle(name);
        SSLContext context = bundle.createSslContext();
        SslOptions options = bundle.getOptions();
        return new SSLIOSessionStrategy(
                context,
                options.getEnabledProtocols(),
                options.getCiphers(),
                SSLIOSessionStrategy.getDefaultHostnameVerifier());
    }

    private static HttpHost host(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        return new HttpHost(uri.getHost(), port, uri.getScheme());
    }
}
