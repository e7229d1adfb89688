package org.gongkai.ingest.fetch;

/**
 * Which hosts this instance may send requests to, so that several ingest-service instances never crawl one host
 * at the same time. {@link #ALL} (one instance) owns every host.
 */
public interface HostAssignment {

    /** Every host belongs to this instance. */
    HostAssignment ALL = new HostAssignment() {
        @Override
        public boolean owns(String host) {
            return true;
        }

        @Override
        public boolean enter(String host) {
            return true;
        }

        @Override
        public void exit(String host) {}
    };

    /** Whether the host is assigned to this instance now (to decide which sites to crawl). */
    boolean owns(String host);

    /**
     * Starts a request to {@code host}: true when the host is assigned to this instance; it then stays assigned
     * (a reassignment waits) until {@link #exit}. False means: do not send anything to this host now.
     */
    boolean enter(String host) throws InterruptedException;

    /** Ends a request started with a successful {@link #enter}. */
    void exit(String host);
}
