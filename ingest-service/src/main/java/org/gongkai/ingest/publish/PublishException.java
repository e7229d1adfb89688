package org.gongkai.ingest.publish;

/** The broker did not acknowledge a record. */
public class PublishException extends Exception {

    private final boolean brokerUnavailable;

    public PublishException(String message, Throwable cause, boolean brokerUnavailable) {
        super(message, cause);
        this.brokerUnavailable = brokerUnavailable;
    }

    /**
     * Whether the failure means the broker cannot be reached (a timeout), so further records would fail too;
     * otherwise only this record was refused (too large, not serialisable, …).
     */
    public boolean brokerUnavailable() {
        return brokerUnavailable;
    }
}
