package org.gongkai.ingest.crawl;

import static org.gongkai.ingest.crawl.RocksDbCrawlState.bytes;
import static org.gongkai.ingest.crawl.RocksDbCrawlState.key;
import static org.gongkai.ingest.crawl.RocksDbCrawlState.string;

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
        List<String> sites = new ArrayList<>(last.size());
        List<byte[]> kept = new ArrayList<>(last.size());
        for (Map.Entry<String, byte[]> record : last.entrySet()) {
            String site = null;
            if (record.getValue() != null) {
                site = siteOf(record.getKey(), record.getValue());
                if (site == null) {
                    skipped++;
                    continue;
                }
            }
            ids.add(record.getKey());
            idBytes.add(bytes(record.getKey()));
            sites.add(site);
            kept.add(record.getValue());
        }
        try {
            List<byte[]> before = db.multiGetAsList(Collections.nCopies(idBytes.size(), siteOf), idBytes);
            try (WriteBatch batch = new WriteBatch()) {
                for (int i = 0; i < ids.size(); i++) {
                    stage(batch, ids.get(i), idBytes.get(i), before.get(i), sites.get(i), kept.get(i));
                }
                db.write(writeOptions, batch);
            }
            for (int i = 0; i < ids.size(); i++) {
                count(before.get(i), sites.get(i));
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("crawl state store: cannot restore a batch of " + ids.size() + ": " + e, e);
        }
        return skipped;
    }

    /** The writes for one notice: what {@link RocksDbCrawlState#put} and {@code remove} would write. */
    private void stage(WriteBatch batch, String noticeId, byte[] id, byte[] before, String site, byte[] value)
            throws RocksDBException {
        if (value == null) {
            if (before != null) {
                batch.delete(siteOf, id);
                batch.delete(bySite, key(before, noticeId));
            }
            return;
        }
        byte[] siteBytes = bytes(site);
        boolean sameSite = Arrays.equals(before, siteBytes);
        if (before != null && !sameSite) {
            batch.delete(bySite, key(before, noticeId));
        }
        if (!sameSite) {
            batch.put(siteOf, id, siteBytes);
        }
        batch.put(bySite, key(siteBytes, noticeId), value);
    }

    private void count(byte[] before, String site) {
        if (site == null) {
            if (before != null) {
                counts.removed(string(before));
            }
        } else if (before == null) {
            counts.added(site);
        } else if (!Arrays.equals(before, bytes(site))) {
            counts.moved(string(before), site);
        }
    }

    /**
     * The site of a notice record, or null (logged) when the value is not a JSON object with a {@code siteId}.
     * One pass of the streaming parser over the whole value (so malformed JSON is caught here, not at the first
     * read) without building the {@link UrlState}: decoding each state took most of the restoring thread's time.
     */
    private String siteOf(String noticeId, byte[] value) {
        try (JsonParser parser = json.createParser(value)) {
            String site = null;
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT) {
                for (token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                    boolean isSite = SITE_ID.equals(parser.currentName());
                    if (parser.nextToken() == JsonToken.VALUE_STRING && isSite) {
                        site = parser.getString();
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            if (token == JsonToken.END_OBJECT && parser.nextToken() == null && site != null) {
                return site;
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
