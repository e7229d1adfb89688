package org.gongkai.ingest.crawl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB database of a {@link RocksDbCrawlState} as opened: its column families {@code by-site} and
 * {@code site-of}, the write options (write-ahead log off: the topic is the log) and the native objects behind
 * them, which it closes in reverse order after the database.
 *
 * <p>Native memory, outside the heap: one LRU block cache of {@code cacheBytes} (index and filter blocks
 * included) that the memtables ({@code writeBufferBytes} each, two per column family at most) are charged to as
 * well, so the total stays near {@code cacheBytes}; plus the table readers of open files (bounded by
 * {@code max_open_files}).
 *
 * <p>Not thread-safe to close: {@link RocksDbCrawlState} closes it once, when no operation runs.
 */
final class RocksDbStore {

    private static final byte[] BY_SITE = "by-site".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SITE_OF = "site-of".getBytes(StandardCharsets.UTF_8);

    static {
        RocksDB.loadLibrary();
    }

    final RocksDB db;
    final ColumnFamilyHandle bySite;
    final ColumnFamilyHandle siteOf;
    final ColumnFamilyOptions cfOptions;
    final WriteOptions writeOptions;
    /** Closed in reverse order after the database. */
    private final List<AbstractNativeReference> resources = new ArrayList<>();

    /**
     * Opens (creates) the database in {@code directory}.
     *
     * @throws IllegalStateException when it cannot be opened; the native objects made so far are closed
     */
    RocksDbStore(Path directory, long cacheBytes, long writeBufferBytes) {
        LRUCache cache = keep(new LRUCache(cacheBytes));
        WriteBufferManager buffers = keep(new WriteBufferManager(cacheBytes / 2, cache));
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                .setFilterPolicy(keep(new BloomFilter(10, false)));
        this.cfOptions = keep(new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setWriteBufferSize(writeBufferBytes)
                .setMaxWriteBufferNumber(2)
                .setCompressionType(CompressionType.LZ4_COMPRESSION));
        DBOptions dbOptions = keep(new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setWriteBufferManager(buffers)
                .setMaxOpenFiles(256)
                .setMaxBackgroundJobs(2)
                .setKeepLogFileNum(2));
        this.writeOptions = keep(new WriteOptions().setDisableWAL(true));
        List<ColumnFamilyDescriptor> families = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(BY_SITE, cfOptions),
                new ColumnFamilyDescriptor(SITE_OF, cfOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            this.db = RocksDB.open(dbOptions, directory.toString(), families, handles);
        } catch (RocksDBException e) {
            closeResources();
            throw new IllegalStateException("cannot open the crawl state store in " + directory + ": " + e, e);
        }
        this.bySite = handles.get(1);
        this.siteOf = handles.get(2);
        handles.get(0).close();
    }

    /** Closes the column families, the database and then its native objects. */
    void close() {
        bySite.close();
        siteOf.close();
        db.close();
        closeResources();
    }

    private void closeResources() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AbstractNativeReference> T keep(T resource) {
        resources.add(resource);
        return resource;
    }
}
