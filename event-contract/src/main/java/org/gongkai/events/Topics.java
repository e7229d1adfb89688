package org.gongkai.events;

/** Names of the Kafka topics that make up the event contract. */
public final class Topics {

    /** Raw notices as fetched, keyed by notice id; a null value (tombstone) means the notice is gone. */
    public static final String RAW = "notices.raw";

    /** Structured notices, keyed by notice id; tombstones pass through from {@link #RAW}. */
    public static final String ENRICHED = "notices.enriched";

    /** Raw events that could not be read or enriched, with the reason in headers. */
    public static final String RAW_DLT = "notices.raw-dlt";

    /** Structured notices that could not be indexed, with the reason in headers. */
    public static final String ENRICHED_DLT = "notices.enriched-dlt";

    private Topics() {}
}
