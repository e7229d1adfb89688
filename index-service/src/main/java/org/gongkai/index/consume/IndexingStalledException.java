package org.gongkai.index.consume;

/**
 * The listener cannot resolve its batch for a reason that is not the records' own (a dead letter that cannot be
 * written): the Kafka error handler redelivers the batch, without limit, like an Elasticsearch outage.
 */
public class IndexingStalledException extends RuntimeException {

    public IndexingStalledException(String message, Throwable cause) {
        super(message, cause);
    }
}
