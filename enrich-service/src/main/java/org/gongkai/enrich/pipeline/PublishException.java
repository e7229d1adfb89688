package org.gongkai.enrich.pipeline;

/** Sending to {@code notices.enriched} failed or timed out: transient, retried with backoff. */
public class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
