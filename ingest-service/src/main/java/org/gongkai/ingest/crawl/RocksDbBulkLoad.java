package org.gongkai.ingest.crawl;

import static org.gongkai.ingest.crawl.StoreKeys.bytes;
import static org.gongkai.ingest.crawl.StoreKeys.key;
import static org.gongkai.ingest.crawl.StoreKeys.string;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The restore of a {@link RocksDbCrawlState} from the state topic (see {@link BulkRestorable}): per batch (one
 * consumer poll) one multi-get of the notices' known sites and one {@link WriteBatch}, the values stored as the
 * topic holds them (the same {@link UrlState} JSON the store writes, so nothing is re-encoded; each is scanned
 * once to find its site and to keep malformed records out; it is decoded when read). During the restore, automatic compactions are off
 * and L0 does not stall writes (as RocksDB's {@code PrepareForBulkLoad}); at the end the column families are
 * compacted once and the options put back, so the crawl starts on a compacted store.
 *
 * <p>Not thread-safe on its own: {@link RocksDbCrawlState} calls it under its lifecycle lock, from the one
 * restoring thread, before the crawler writes.
 */
final class RocksDbBulkLoad {

    private static final Logger log = LoggerFactory.getLogger(RocksDbBulkLoad.class);
    private static final String SITE_ID = "siteId";
    private static final String CONTENT_HASH = "contentHash";
    private static final String FAULT = "fault";

    private final RocksDB db;
    private final List<ColumnFamilyHandle> families;
    private final ColumnFamilyHandle bySite;
    private final ColumnFamilyHandle siteOf;
    private final WriteOptions writeOptions;
    private final SiteCounts counts;
    private final JsonMapper json;
    private final MutableColumnFamilyOptions normal;
    private final MutableColumnFamilyOptions bulk;
    private boolean loading;

    RocksDbBulkLoad(
            RocksDB db,
            ColumnFamilyHandle bySite,
            ColumnFamilyHandle siteOf,
            ColumnFamilyOptions options,
            WriteOptions writeOptions,
            SiteCounts counts,
            JsonMapper json) {
        this.db = db;
        this.bySite = bySite;
        this.siteOf = siteOf;
        this.families = List.of(bySite, siteOf);
        this.writeOptions = writeOptions;
        this.counts = counts;
        this.json = json;
        this.normal = MutableColumnFamilyOptions.builder()
                .setDisableAutoCompactions(options.disableAutoCompactions())
                .setLevel0SlowdownWritesTrigger(options.level0SlowdownWritesTrigger())
                .setLevel0StopWritesTrigger(options.level0StopWritesTrigger())
                .setSoftPendingCompactionBytesLimit(options.softPendingCompactionBytesLimit())
                .setHardPendingCompactionBytesLimit(options.hardPendingCompactionBytesLimit())
                .build();
        this.bulk = MutableColumnFamilyOptions.builder()
                .setDisableAutoCompactions(true)
                .setLevel0SlowdownWritesTrigger(1 << 30)
                .setLevel0StopWritesTrigger(1 << 30)
                .setSoftPendingCompactionBytesLimit(0)
                .setHardPendingCompactionBytesLimit(0)
                .build();
    }

    void begin() {
        setOptions(bulk);
        loading = true;
    }

    /** @param compact whether to compact now (after a complete restore) */
    void end(boolean compact) {
        if (!loading) {
            return;
        }
        loading = false;
        try {
            for (ColumnFamilyHandle family : compact ? families : List.<ColumnFamilyHandle>of()) {
                db.compactRange(family);
            }
        } catch (RocksDBException e) {
            log.warn("crawl state store: compaction after the restore failed (compactions go on): {}", e.toString());
        } finally {
            setOptions(normal);
        }
    }

    int restore(List<String> noticeIds, List<byte[]> values) {
        // The last record of each notice in the batch wins (a notice's records are in topic order).
        Map<String, byte[]> last = new LinkedHashMap<>(noticeIds.size() * 2);
        for (int i = 0; i < noticeIds.size(); i++) {
            last.put(noticeIds.get(i), values.get(i));
        }
        int skipped = 0;
        List<String> ids = new ArrayList<>(last.size());
        List<byte[]> idBytes = new ArrayList<>(last.size());
        List<byte[]> placements = new ArrayList<>(last.size());
        List<byte[]> kept = new ArrayList<>(last.size());
        for (Map.Entry<String, byte[]> record : last.entrySet()) {
            byte[] placement = null;
            if (record.getValue() != null) {
                placement = placementOf(record.getKey(), record.getValue());
                if (placement == null) {
                    skipped++;
                    continue;
                }
            }
            ids.add(record.getKey());
            idBytes.add(bytes(record.getKey()));
            placements.add(placement);
            kept.add(record.getValue());
        }
        try {
            List<byte[]> before = db.multiGetAsList(Collections.nCopies(idBytes.size(), siteOf), idBytes);
            try (WriteBatch batch = new WriteBatch()) {
                for (int i = 0; i < ids.size(); i++) {
                    stage(batch, ids.get(i), idBytes.get(i), before.get(i), placements.get(i), kept.get(i));
                }
                db.write(writeOptions, batch);
            }
            for (int i = 0; i < ids.size(); i++) {
                count(before.get(i), placements.get(i));
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("crawl state store: cannot restore a batch of " + ids.size() + ": " + e, e);
        }
        return skipped;
    }

    /** The writes for one notice: what {@link RocksDbCrawlState#put} and {@code remove} would write. */
    private void stage(WriteBatch batch, String noticeId, byte[] id, byte[] before, byte[] placement, byte[] value)
            throws RocksDBException {
        if (value == null) {
            if (before != null) {
                batch.delete(siteOf, id);
                batch.delete(bySite, key(Placement.site(before), noticeId));
            }
            return;
        }
        byte[] site = Placement.site(placement);
        if (before != null && !Placement.sameSite(before, site)) {
            batch.delete(bySite, key(Placement.site(before), noticeId));
        }
        if (!Arrays.equals(before, placement)) {
            batch.put(siteOf, id, placement);
        }
        batch.put(bySite, key(site, noticeId), value);
    }

    private void count(byte[] before, byte[] placement) {
        if (placement == null) {
            if (before != null) {
                counts.removed(string(Placement.site(before)), Placement.kind(before));
            }
        } else if (before == null) {
            counts.added(string(Placement.site(placement)), Placement.kind(placement));
        } else if (!Arrays.equals(before, placement)) {
            counts.changed(
                    string(Placement.site(before)),
                    Placement.kind(before),
                    string(Placement.site(placement)),
                    Placement.kind(placement));
        }
    }

    /**
     * The site and kind of a notice record ({@link Placement}), or null (logged) when the value is not a JSON object
     * with a {@code siteId}. One pass of the streaming parser over the whole value (so malformed JSON is caught
     * here, not at the first read) without building the {@link UrlState}: decoding each state took most of the
     * restoring thread's time. The kind is {@link UrlState#kind()}'s: whether {@code contentHash} and {@code fault}
     * are strings.
     */
    private byte[] placementOf(String noticeId, byte[] value) {
        try (JsonParser parser = json.createParser(value)) {
            String site = null;
            boolean hash = false;
            boolean fault = false;
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT) {
                for (token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                    String name = parser.currentName();
                    if (parser.nextToken() != JsonToken.VALUE_STRING) {
                        parser.skipChildren();
                    } else if (SITE_ID.equals(name)) {
                        site = parser.getString();
                    } else if (CONTENT_HASH.equals(name)) {
                        hash = true;
                    } else if (FAULT.equals(name)) {
                        fault = true;
                    }
                }
            }
            if (token == JsonToken.END_OBJECT && parser.nextToken() == null && site != null) {
                return Placement.of(bytes(site), UrlState.Kind.of(hash, fault));
            }
            log.warn("crawl state: record for {} is not a state with a site, skipped", noticeId);
        } catch (JacksonException e) {
            log.warn("crawl state: unreadable record for {} skipped: {}", noticeId, e.getMessage());
        }
        return null;
    }

    private void setOptions(MutableColumnFamilyOptions options) {
        try {
            for (ColumnFamilyHandle family : families) {
                db.setOptions(family, options);
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("crawl state store: cannot set options for the restore: " + e, e);
        }
    }
}
