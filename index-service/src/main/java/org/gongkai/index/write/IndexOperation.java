package org.gongkai.index.write;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.trace.NoticeLog;

/**
 * One write to Elasticsearch derived from one Kafka record: index the document with the event's version as
 * external version, or delete by id for a tombstone.
 *
 * @param record  the source record, for dead-lettering
 * @param kind    index or delete
 * @param id      document id, the notice id
 * @param version external version; for a delete {@link #NO_VERSION} when the tombstone carried none
 * @param source  the document as JSON (index only, else {@code null})
 */
public record IndexOperation(ConsumerRecord<?, ?> record, Kind kind, String id, long version, byte[] source) {

    /** Action-line and framing bytes added to each operation in a {@code _bulk} body (an estimate). */
    static final int ACTION_OVERHEAD = 160;

    /** Version of a delete from a tombstone without {@code gongkai-version} header. */
    public static final long NO_VERSION = -1;

    public enum Kind {
        INDEX,
        DELETE
    }

    public static IndexOperation index(ConsumerRecord<?, ?> record, String id, long version, byte[] source) {
        return new IndexOperation(record, Kind.INDEX, id, version, source);
    }

    public static IndexOperation delete(ConsumerRecord<?, ?> record, String id) {
        return delete(record, id, NO_VERSION);
    }

    /** A delete with external version {@code version}, or unversioned when it is {@link #NO_VERSION}. */
    public static IndexOperation delete(ConsumerRecord<?, ?> record, String id, long version) {
        return new IndexOperation(record, Kind.DELETE, id, version, null);
    }

    /** Whether the operation carries an external version (always for an index, optional for a delete). */
    public boolean versioned() {
        return version != NO_VERSION;
    }

    /** This operation's notice in the logging MDC, see {@link #noticeLog(ConsumerRecord)}. */
    public NoticeLog noticeLog() {
        return noticeLog(record);
    }

    /**
     * The record's notice in the MDC (site, id), with its trace id from {@code gongkai-trace-id}: a batch has no
     * per-record span, so the id the tracer would put there is set by hand (the same W3C trace id). Close it on the
     * thread that opened it.
     */
    public static NoticeLog noticeLog(ConsumerRecord<?, ?> record) {
        String site = record.value() instanceof EnrichedNotice notice ? notice.siteId() : null;
        return NoticeLog.of(
                site,
                record.key() == null ? null : record.key().toString(),
                EventHeaders.get(record.headers(), EventHeaders.TRACE_ID));
    }

    /** Approximate bytes this operation adds to a {@code _bulk} request body. */
    public long sizeInBytes() {
        return ACTION_OVERHEAD + id.length() + (source == null ? 0 : source.length);
    }

    @Override
    public String toString() {
        return kind + " " + id + (versioned() ? " v" + version : "") + " (" + record.topic() + "-" + record.partition()
                + "@" + record.offset() + ")";
    }
}
