package org.gongkai.ingest.crawl;

import java.util.Optional;
import java.util.function.Consumer;
import org.gongkai.ingest.fetch.HostPauses;

/**
 * For harnesses, not tests: a {@link CrawlState} that hands every call to the store it wraps, so a wrapper overrides
 * only what it measures ({@link TimedCrawlState}) and implements only the store's extra interfaces it wants to keep
 * (none here: a wrapper hides {@link EncodedStore} and {@link BulkRestorable} unless it implements them). Thread-safe
 * as the wrapped store; closing closes it when it is {@link AutoCloseable}.
 */
public abstract class ForwardingCrawlState implements CrawlState, AutoCloseable {

    protected final CrawlState store;

    protected ForwardingCrawlState(CrawlState store) {
        this.store = store;
    }

    @Override
    public Optional<UrlState> get(String noticeId) {
        return store.get(noticeId);
    }

    @Override
    public void put(String noticeId, UrlState state) {
        store.put(noticeId, state);
    }

    @Override
    public void remove(String noticeId) {
        store.remove(noticeId);
    }

    @Override
    public void forEachOfSite(String siteId, Consumer<UrlState> action) {
        store.forEachOfSite(siteId, action);
    }

    @Override
    public int sizeOfSite(String siteId) {
        return store.sizeOfSite(siteId);
    }

    @Override
    public KnownUrls knownOfSite(String siteId) {
        return store.knownOfSite(siteId);
    }

    @Override
    public Optional<CrawlMark> mark(String siteId) {
        return store.mark(siteId);
    }

    @Override
    public void putMark(CrawlMark mark) {
        store.putMark(mark);
    }

    @Override
    public HostPauses pauses() {
        return store.pauses();
    }

    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public void close() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
