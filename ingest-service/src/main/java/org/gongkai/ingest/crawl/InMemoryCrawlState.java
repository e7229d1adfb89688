package org.gongkai.ingest.crawl;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.gongkai.ingest.fetch.HostPauses;

/**
 * {@link CrawlState} in a map on the heap (about 450 bytes per notice), lost on restart: for tests and small runs
 * ({@code gongkai.ingest.state.store=memory}). Thread-safe.
 */
public class InMemoryCrawlState implements CrawlState {

    private final ConcurrentHashMap<String, UrlState> states = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CrawlMark> marks = new ConcurrentHashMap<>();
    /** Few, so on the heap (the state topic keeps them beyond the process). */
    private final HostPauses pauses = HostPauses.inMemory();

    @Override
    public HostPauses pauses() {
        return pauses;
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
    public Optional<UrlState> get(String noticeId) {
        return Optional.ofNullable(states.get(noticeId));
    }

    @Override
    public void put(String noticeId, UrlState state) {
        states.put(noticeId, state);
    }

    @Override
    public void remove(String noticeId) {
        states.remove(noticeId);
    }

    @Override
    public void forEachOfSite(String siteId, Consumer<UrlState> action) {
        states.values().stream().filter(s -> siteId.equals(s.siteId())).forEach(action);
    }

    @Override
    public int sizeOfSite(String siteId) {
        return (int)
                states.values().stream().filter(s -> siteId.equals(s.siteId())).count();
    }

    @Override
    public int size() {
        return states.size();
    }
}
