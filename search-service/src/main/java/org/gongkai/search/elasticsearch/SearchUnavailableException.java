package org.gongkai.search.elasticsearch;

/** Elasticsearch did not answer a search, or answered it with an error: the service's fault, not the user's. */
public class SearchUnavailableException extends RuntimeException {

    private final int status;

    public SearchUnavailableException(int status, String reason, Throwable cause) {
        super("Elasticsearch " + (status < 0 ? "did not answer" : "answered " + status) + ": " + reason, cause);
        this.status = status;
    }

    /** Elasticsearch's HTTP status, or -1 when it did not answer. */
    public int status() {
        return status;
    }
}
