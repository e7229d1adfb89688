package org.gongkai.index.write;

import org.gongkai.events.deadletter.DeadLetterPublisher;

/**
 * Elasticsearch refused an event for its content (mapping or parsing error, immense term, ...): retrying cannot
 * help, the event goes to the dead-letter topic with Elasticsearch's reason.
 */
public class IndexRejectedException extends RuntimeException implements DeadLetterPublisher.Reason {

    private final ItemResult result;

    public IndexRejectedException(ItemResult result) {
        super(result.reason() != null ? result.reason() : "rejected with status " + result.status());
        this.result = result;
    }

    public ItemResult result() {
        return result;
    }
}
