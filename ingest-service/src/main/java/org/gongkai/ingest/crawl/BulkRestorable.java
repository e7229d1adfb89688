package org.gongkai.ingest.crawl;

import java.util.List;

/**
 * A local store that {@link KafkaCrawlState} fills from the state topic in bulk at start-up, with the records'
 * bytes as the topic holds them, instead of one decoded {@link CrawlState#put} at a time (as Kafka Streams'
 * {@code BatchingStateRestoreCallback}). Crawl marks and host pauses ({@code site:}, {@code host:} keys) are not passed here.
 */
interface BulkRestorable {

    /** Before the first batch: the store may set itself up for a bulk load (e.g. no compactions). */
    void beginRestore();

    /**
     * Applies one batch of the topic's notice records, in topic order (a later record of a notice replaces an
     * earlier one; a null value forgets the notice). Not concurrently with other writes of the same notices.
     * A value that is not a readable {@link UrlState} is skipped (logged), the rest applied.
     *
     * @param noticeIds the records' keys
     * @param values    the records' values, {@link UrlState} JSON, null for a tombstone
     * @return the number of records skipped as unreadable
     * @throws IllegalStateException when the store cannot be written
     */
    int restore(List<String> noticeIds, List<byte[]> values);

    /**
     * After the last batch, also after a failed restore: back to normal operation.
     *
     * @param complete whether the topic was read to its end (then e.g. compact once; a failed restore leaves
     *                 that to the next attempt, so that stopping is not held up)
     */
    void endRestore(boolean complete);
}
