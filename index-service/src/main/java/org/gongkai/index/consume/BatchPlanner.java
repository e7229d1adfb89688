package org.gongkai.index.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.index.document.DocumentJson;
import org.gongkai.index.document.NoticeDocuments;
import org.gongkai.index.write.BulkIndexer;
import org.gongkai.index.write.IndexOperation;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Turns a poll of {@code notices.enriched} records into a {@link BatchPlan}.
 *
 * <ul>
 *   <li>A record whose value failed to deserialise (the {@code ErrorHandlingDeserializer} left the exception in a
 *       header), a tombstone without key, or an event whose key is not its {@code noticeId} is malformed.
 *   <li>An event becomes an index operation with its version as external version; a tombstone (null value) a delete
 *       by key, with its {@value #VERSION_HEADER} header as external version when it has one (so an older event
 *       replayed later cannot bring the notice back), else unversioned (deletes whatever version is there). A
 *       tombstone whose header is not a decimal long {@code >= 0} is malformed.
 *   <li>Within the batch, a tombstone followed by a later record of the same notice, and an event followed by a later
 *       tombstone, are superseded and dropped: the later record decides the final state. What remains per notice is
 *       either one delete or only index operations, whose external versions make their relative order irrelevant;
 *       this is what lets the {@link BulkIndexer} retry failed items out of their batch, and makes re-running a
 *       whole batch harmless.
 * </ul>
 *
 * Thread-safe.
 */
public final class BatchPlanner {

    /**
     * Header of a tombstone carrying the notice's version (decimal, the scale of the events' {@code version}); the
     * contract's {@code EventHeaders.VERSION}.
     */
    public static final String VERSION_HEADER = org.gongkai.events.EventHeaders.VERSION;

    /** Longest document id Elasticsearch accepts, in UTF-8 bytes. */
    static final int MAX_ID_BYTES = 512;

    /** Largest external version Elasticsearch accepts ({@code Long.MAX_VALUE - 1}). */
    static final long MAX_VERSION = Long.MAX_VALUE - 1;

    private static final LogAccessor LOG = new LogAccessor(BatchPlanner.class);

    private final DocumentJson documents;
    private final Clock clock;

    /**
     * @param json  the Elasticsearch client's Jackson 2 mapper (java.time support), whose output for a document the
     *              {@link DocumentJson} writer reproduces
     * @param clock source of {@code indexedAt}
     */
    public BatchPlanner(ObjectMapper json, Clock clock) {
        this.documents = new DocumentJson(json);
        this.clock = clock;
    }

    public BatchPlan plan(Iterable<? extends ConsumerRecord<String, EnrichedNotice>> records) {
        Instant now = clock.instant();
        List<IndexOperation> candidates = new ArrayList<>();
        List<BatchPlan.Malformed> malformed = new ArrayList<>();
        for (ConsumerRecord<String, EnrichedNotice> record : records) {
            DeserializationException failure = SerializationUtils.getExceptionFromHeader(
                    record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            if (failure != null) {
                malformed.add(new BatchPlan.Malformed(record, failure));
                continue;
            }
            String key = record.key();
            EnrichedNotice notice = record.value();
            if (notice == null) {
                if (key == null || key.isBlank()) {
                    malformed.add(new BatchPlan.Malformed(
                            record, new IllegalArgumentException("tombstone without key: no notice to delete")));
                } else if (utf8Length(key) > MAX_ID_BYTES) {
                    malformed.add(new BatchPlan.Malformed(
                            record,
                            new IllegalArgumentException("tombstone key of " + utf8Length(key)
                                    + " bytes: Elasticsearch takes ids of at most " + MAX_ID_BYTES + " bytes")));
                } else {
                    try {
                        candidates.add(IndexOperation.delete(record, key, tombstoneVersion(record)));
                    } catch (IllegalArgumentException e) {
                        malformed.add(new BatchPlan.Malformed(record, e));
                    }
                }
                continue;
            }
            if (key == null || !key.equals(notice.noticeId())) {
                malformed.add(new BatchPlan.Malformed(
                        record,
                        new IllegalArgumentException(
                                "record key " + key + " is not the noticeId " + notice.noticeId())));
                continue;
            }
            String invalid = invalidForElasticsearch(notice);
            if (invalid != null) {
                malformed.add(new BatchPlan.Malformed(record, new IllegalArgumentException(invalid)));
                continue;
            }
            try {
                byte[] source = documents.toJson(NoticeDocuments.of(notice, now));
                candidates.add(IndexOperation.index(record, notice.noticeId(), notice.version(), source));
            } catch (IOException | IllegalArgumentException e) {
                malformed.add(new BatchPlan.Malformed(
                        record, new IllegalArgumentException("cannot build document: " + e.getMessage(), e)));
            }
        }
        return supersede(candidates, malformed);
    }

    /**
     * Why Elasticsearch would refuse the request holding this event as a whole (and with it every other operation of
     * the request), or null: an id over {@value #MAX_ID_BYTES} bytes, a version outside the external range (version
     * -1 would also read as "no version").
     */
    static String invalidForElasticsearch(EnrichedNotice notice) {
        if (notice.version() < 0 || notice.version() > MAX_VERSION) {
            return "version " + notice.version() + " is not an external version (0 to " + MAX_VERSION + ")";
        }
        int bytes = utf8Length(notice.noticeId());
        if (bytes > MAX_ID_BYTES) {
            return "noticeId of " + bytes + " bytes: Elasticsearch takes ids of at most " + MAX_ID_BYTES + " bytes";
        }
        return null;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The {@value #VERSION_HEADER} header of a tombstone as a version, or {@link IndexOperation#NO_VERSION} when
     * absent.
     *
     * @throws IllegalArgumentException when present but not a decimal long of at least 0
     */
    static long tombstoneVersion(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(VERSION_HEADER);
        if (header == null || header.value() == null) {
            return IndexOperation.NO_VERSION;
        }
        String text = new String(header.value(), StandardCharsets.UTF_8).trim();
        try {
            long version = Long.parseLong(text);
            if (version < 0) {
                throw new NumberFormatException("negative");
            }
            return version;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "tombstone header " + VERSION_HEADER + " is not a version (decimal long >= 0): " + text, e);
        }
    }

    private static BatchPlan supersede(List<IndexOperation> candidates, List<BatchPlan.Malformed> malformed) {
        Set<String> laterDelete = new HashSet<>();
        Set<String> laterAny = new HashSet<>();
        List<IndexOperation> kept = new ArrayList<>(candidates.size());
        int superseded = 0;
        for (int i = candidates.size() - 1; i >= 0; i--) {
            IndexOperation op = candidates.get(i);
            boolean moot = op.kind() == IndexOperation.Kind.DELETE
                    ? laterAny.contains(op.id())
                    : laterDelete.contains(op.id());
            if (moot) {
                superseded++;
            } else {
                kept.add(op);
            }
            laterAny.add(op.id());
            if (op.kind() == IndexOperation.Kind.DELETE) {
                laterDelete.add(op.id());
            }
        }
        Collections.reverse(kept);
        return new BatchPlan(List.copyOf(kept), List.copyOf(malformed), superseded);
    }
}
