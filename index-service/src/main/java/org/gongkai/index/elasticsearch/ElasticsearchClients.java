package org.gongkai.index.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.elasticsearch.client.RestClient;
import org.gongkai.elasticsearch.ElasticsearchProperties;
import org.gongkai.elasticsearch.ElasticsearchRestClients;

/** Builds the Elasticsearch 8.19 client by hand, over the shared low-level client ({@link ElasticsearchRestClients}). */
public final class ElasticsearchClients {

    private ElasticsearchClients() {}

    /** Low-level REST client for properties without an SSL bundle (tests and tools). Thread-safe. */
    public static RestClient restClient(ElasticsearchProperties properties) {
        return ElasticsearchRestClients.restClient(properties);
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
}
