package org.gongkai.ingest.crawl;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** {@link CrawlState} in a map, lost on restart (tests, and the base of the Kafka-backed one). Thread-safe. */
public class InMemoryCrawlState implements CrawlState {

    private final ConcurrentHashMap<String, UrlState> states = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CrawlMark> marks = new ConcurrentHashMap<>();

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
    public Stream<UrlState> ofSite(String siteId) {
        return states.values().stream().filter(s -> siteId.equals(s.siteId()));
    }

    @Override
    public int size() {
        return states.size();
    }
}
