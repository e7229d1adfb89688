package org.gongkai.ingest.crawl;

/**
 * A local store that keeps each {@link UrlState} as its JSON (as the state topic holds it): {@link KafkaCrawlState}
 * encodes a state once and hands the same bytes to the store and to the topic, and stores a record read from the
 * topic as it came, instead of the store encoding the state a second time.
 */
interface EncodedStore {

    /**
     * As {@link CrawlState#put}, with the state already encoded.
     *
     * @param state   the state (its site and what the store indexes are read from it)
     * @param encoded {@code state} as {@link UrlState} JSON, not modified afterwards
     */
    void put(String noticeId, UrlState state, byte[] encoded);
}
