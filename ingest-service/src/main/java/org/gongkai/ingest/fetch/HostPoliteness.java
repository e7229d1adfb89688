package org.gongkai.ingest.fetch;

/**
 * Grants turns to send requests to a host. Implementations decide how many requests may run at once and how
 * long to pause between them; a later implementation can share these turns across service instances.
 */
public interface HostPoliteness {

    /**
     * Blocks until a request to {@code host} may start. The caller must close the returned turn when the
     * request is over (response read or failed).
     *
     * @throws InterruptedException when the waiting thread is interrupted (service shutting down)
     */
    Turn acquire(String host) throws InterruptedException;

    /** A granted turn; closing it ends the request and starts the host's pause. */
    interface Turn extends AutoCloseable {

        @Override
        void close();
    }
}
