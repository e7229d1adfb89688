package org.gongkai.index.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.net.URI;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** Builds the Elasticsearch 8.19 client by hand. */
public final class ElasticsearchClients {

    private ElasticsearchClients() {}

    /** Low-level REST client with the configured hosts, timeouts, path prefix and credentials. Thread-safe. */
    public static RestClient restClient(ElasticsearchProperties properties) {
        HttpHost[] hosts =
                properties.uris().stream().map(ElasticsearchClients::host).toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(config -> config.setConnectTimeout(
                                (int) properties.connectionTimeout().toMillis())
                        .setSocketTimeout((int) properties.socketTimeout().toMillis()));
        if (properties.pathPrefix() != null && !properties.pathPrefix().isBlank()) {
            builder.setPathPrefix(properties.pathPrefix());
        }
        if (properties.username() != null && !properties.username().isBlank()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(
                    AuthScope.ANY, new UsernamePasswordCredentials(properties.username(), properties.password()));
            builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        return builder.build();
    }

    /**
     * The JSON mapper of the client: Jackson 2 with java.time support, dates written as ISO-8601 text (with their
     * offset) rather than numbers.
     */
    public static JacksonJsonpMapper jsonpMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        return new JacksonJsonpMapper(mapper);
    }

    /** The typed client over {@code restClient}; closing its transport closes the REST client. */
    public static ElasticsearchClient client(RestClient restClient, JacksonJsonpMapper mapper) {
        return new ElasticsearchClient(new RestClientTransport(restClient, mapper));
    }

    private static HttpHost host(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        return new HttpHost(uri.getHost(), port, uri.getScheme());
    }
}
