package org.gongkai.index.write;

/**
 * Elasticsearch kept failing transiently (429, 5xx, no response, missing or blocked index) beyond the listener's
 * retry budget. The Kafka error handler redelivers the batch, with backoff and without limit, until it succeeds: nothing is
 * committed or dead-lettered meanwhile.
 */
public class ElasticsearchUnavailableException extends RuntimeException {

    public ElasticsearchUnavailableException(String message) {
        super(message);
    }

    public ElasticsearchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
