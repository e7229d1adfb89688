package org.gongkai.ingest.crawl;

import static org.gongkai.ingest.crawl.StoreKeys.bytes;
import static org.gongkai.ingest.crawl.StoreKeys.key;
import static org.gongkai.ingest.crawl.StoreKeys.startsWith;
import static org.gongkai.ingest.crawl.StoreKeys.string;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import org.gongkai.ingest.fetch.HostPauses;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link CrawlState} in a local RocksDB database, so that the heap does not grow with the number of known URLs
 * (what stays on the heap: one counter per site, the crawl marks, one per site, and the host pauses). The database is a cache of the
 * state topic, the way Kafka Streams keeps its state stores: {@link KafkaCrawlState} fills it from the topic at
 * start and writes through to the topic; the local files need not survive a restart.
 *
 * <p>Layout: column family {@code by-site} maps {@code <site id> NUL <notice id>} ({@link StoreKeys}) to the {@link
 * UrlState} as JSON (so the states of one site are one sequential prefix scan), {@code site-of} maps a notice id to its site id and
 * kind ({@link Placement}: so a state is found by notice id alone, and the counts by kind need no scan). The write-ahead log is off (the topic is the log). The restore from
 * the topic takes the {@link BulkRestorable} path ({@link RocksDbBulkLoad}): one write batch per poll, the
 * topic's bytes stored as they are, compactions deferred to the end.
 *
 * <p>Files: each store opens a directory of its own under the configured directory and deletes it on
 * {@link #close()} ({@link StoreDirectories}), so several instances, in one JVM or several, may share the
 * configured directory.
 *
 * <p>Native memory, outside the heap: about {@code cacheBytes}, see {@link RocksDbStore}, which opens and closes
 * the database.
 *
 * <p>Thread-safe: the read-modify-write of a notice (its site may change, the counts must stay right) runs under a
 * lock striped by notice id; {@link #forEachOfSite} reads a consistent snapshot (an iterator's implicit one).
 * A failing disk throws {@link IllegalStateException}: the crawl of that site stops, nothing is published without
 * its state.
 */
public final class RocksDbCrawlState implements CrawlState, BulkRestorable, EncodedStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RocksDbCrawlState.class);

    private final Path directory;
    private final RocksDbStore store;
    private final RocksDB db;
    private final ColumnFamilyHandle bySite;
    private final ColumnFamilyHandle siteOf;
    private final WriteOptions writeOptions;
    private final RocksDbBulkLoad bulkLoad;

    private final JsonMapper json = JsonMapper.builder().build();
    /** Bound to the state's type once: the store and the end-of-crawl scan decode one state per key. */
    private final ObjectReader stateReader = json.readerFor(UrlState.class);

    private final ObjectWriter stateWriter = json.writerFor(UrlState.class);
    private final ConcurrentHashMap<String, CrawlMark> marks = new ConcurrentHashMap<>();
    /** Few, so on the heap (the state topic keeps them beyond the process). */
    private final HostPauses pauses = HostPauses.inMemory();

    private final SiteCounts counts = new SiteCounts();
    private final Object[] locks = new Object[64];
    /** Held by every operation: no native call on a closed database. */
    private final CloseGuard guard;

    private RocksDbCrawlState(Path directory, long cacheBytes, long writeBufferBytes) {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        this.directory = directory;
        this.guard = new CloseGuard("crawl state store " + directory);
        this.store = new RocksDbStore(directory, cacheBytes, writeBufferBytes);
        this.db = store.db;
        this.bySite = store.bySite;
        this.siteOf = store.siteOf;
        this.writeOptions = store.writeOptions;
        this.bulkLoad = new RocksDbBulkLoad(db, bySite, siteOf, store.cfOptions, writeOptions, counts, json);
    }

    /**
     * Opens an empty store in a new directory under {@code parent} (created if missing), after deleting what
     * stores of dead processes left there.
     *
     * @param cacheBytes       native block cache, which the write buffers are charged to as well
     * @param writeBufferBytes size of one memtable
     * @throws IllegalStateException when the directory or the database cannot be created
     */
    public static RocksDbCrawlState open(Path parent, long cacheBytes, long writeBufferBytes) {
        try {
            Path directory = StoreDirectories.create(parent);
            log.info("crawl state store in {}", directory);
            return new RocksDbCrawlState(directory, cacheBytes, writeBufferBytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the crawl state store under " + parent + ": " + e, e);
        }
    }

    /** The directory of this store (deleted on close). */
    public Path directory() {
        return directory;
    }

    /** Bytes of the store's files on disk now. */
    public long diskBytes() {
        return StoreDirectories.diskBytes(directory);
    }

    @Override
    public Optional<UrlState> get(String noticeId) {
        Lock open = opened();
        try {
            synchronized (lock(noticeId)) {
                try {
                    byte[] placement = db.get(siteOf, bytes(noticeId));
                    if (placement == null) {
                        return Optional.empty();
                    }
                    byte[] value = db.get(bySite, key(Placement.site(placement), noticeId));
                    return value == null ? Optional.empty() : Optional.of(stateReader.readValue(value));
                } catch (RocksDBException e) {
                    throw failed("read", noticeId, e);
                }
            }
        } finally {
            open.unlock();
        }
    }

    @Override
    public void put(String noticeId, UrlState state) {
        put(noticeId, state, stateWriter.writeValueAsBytes(state));
    }

    @Override
    public void put(String noticeId, UrlState state, byte[] value) {
        Lock open = opened();
        try {
            byte[] id = bytes(noticeId);
            byte[] site = bytes(state.siteId());
            UrlState.Kind kind = state.kind();
            byte[] placement = Placement.of(site, kind);
            synchronized (lock(noticeId)) {
                try (WriteBatch batch = new WriteBatch()) {
                    byte[] before = db.get(siteOf, id);
                    if (before != null && !Placement.sameSite(before, site)) {
                        batch.delete(bySite, key(Placement.site(before), noticeId));
                    }
                    if (!Arrays.equals(before, placement)) {
                        batch.put(siteOf, id, placement);
                    }
                    batch.put(bySite, key(site, noticeId), value);
                    db.write(writeOptions, batch);
                    if (before == null) {
                        counts.added(state.siteId(), kind);
                    } else if (!Arrays.equals(before, placement)) {
                        counts.changed(string(Placement.site(before)), Placement.kind(before), state.siteId(), kind);
                    }
                } catch (RocksDBException e) {
                    throw failed("write", noticeId, e);
                }
            }
        } finally {
            open.unlock();
        }
    }

    @Override
    public void remove(String noticeId) {
        Lock open = opened();
        try {
            byte[] id = bytes(noticeId);
            synchronized (lock(noticeId)) {
                try (WriteBatch batch = new WriteBatch()) {
                    byte[] before = db.get(siteOf, id);
                    if (before == null) {
                        return;
                    }
                    byte[] site = Placement.site(before);
                    batch.delete(siteOf, id);
                    batch.delete(bySite, key(site, noticeId));
                    db.write(writeOptions, batch);
                    counts.removed(string(site), Placement.kind(before));
                } catch (RocksDBException e) {
                    throw failed("delete", noticeId, e);
                }
            }
        } finally {
            open.unlock();
        }
    }

    @Override
    public void forEachOfSite(String siteId, Consumer<UrlState> action) {
        Lock open = opened();
        try {
            byte[] prefix = StoreKeys.sitePrefix(siteId);
            try (RocksIterator it = db.newIterator(bySite)) {
                for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                    action.accept(stateReader.readValue(it.value()));
                }
                try {
                    it.status();
                } catch (RocksDBException e) {
                    throw failed("scan", "site " + siteId, e);
                }
            }
        } finally {
            open.unlock();
        }
    }

    @Override
    public void beginRestore() {
        Lock open = opened();
        try {
            bulkLoad.begin();
        } finally {
            open.unlock();
        }
    }

    /** See {@link RocksDbBulkLoad}: one multi-get and one write batch per call, the values stored as they are. */
    @Override
    public int restore(List<String> noticeIds, List<byte[]> values) {
        Lock open = opened();
        try {
            return bulkLoad.restore(noticeIds, values);
        } finally {
            open.unlock();
        }
    }

    @Override
    public void endRestore(boolean complete) {
        Lock open = opened();
        try {
            bulkLoad.end(complete);
        } finally {
            open.unlock();
        }
    }

    @Override
    public int sizeOfSite(String siteId) {
        return counts.ofSite(siteId);
    }

    /** From the counts kept beside the store: no scan. */
    @Override
    public KnownUrls knownOfSite(String siteId) {
        return counts.known(siteId);
    }

    @Override
    public Optional<CrawlMark> mark(String siteId) {
        return Optional.ofNullable(marks.get(siteId));
    }

    @Override
    public void putMark(CrawlMark mark) {
        marks.put(mark.siteId(), mark);
    }

    @Override
    public HostPauses pauses() {
        return pauses;
    }

    @Override
    public int size() {
        return counts.size();
    }

    /**
     * Closes the database and deletes its directory, after the operations running; later ones throw
     * {@link IllegalStateException}.
     */
    @Override
    public void close() {
        if (guard.close(store::close)) {
            StoreDirectories.release(directory);
        }
    }

    /** The guard's read side, held; throws when the store is closed. */
    private Lock opened() {
        return guard.opened();
    }

    private Object lock(String noticeId) {
        return locks[Math.floorMod(noticeId.hashCode(), locks.length)];
    }

    private IllegalStateException failed(String what, String noticeId, RocksDBException e) {
        return new IllegalStateException("crawl state store: cannot " + what + " " + noticeId + ": " + e, e);
    }
}
