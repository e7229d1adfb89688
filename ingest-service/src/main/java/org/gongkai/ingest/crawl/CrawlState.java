package org.gongkai.ingest.crawl;

import java.util.Optional;
import java.util.function.Consumer;
import org.gongkai.ingest.fetch.HostPause;
import org.gongkai.ingest.fetch.HostPauses;

/**
 * What the crawler remembers between crawls, per notice (keyed by notice id): validators for conditional GETs,
 * the hash of the last published version, when it was seen and is due again ({@link UrlState}).
 * Implementations must be thread-safe. The crawler changes a notice's state only after the broker acknowledged
 * what it published for it, so a crash can repeat a notice but never lose one.
 *
 * <p>Where the states are held is the implementation's choice: {@link InMemoryCrawlState} on the heap (tests,
 * small runs), {@link RocksDbCrawlState} on local disk (the service's default, heap bounded whatever the number of
 * URLs); {@link KafkaCrawlState} writes either through to the compacted state topic and restores it from there.
 *
 * <p>Beside the notices: one {@link CrawlMark} per site, and the pauses of failing hosts ({@link HostPause}, as
 * {@link HostPauses}: written by the politeness, key {@code host:<host>} in the topic), both few and kept on the
 * heap of every implementation.
 */
public interface CrawlState extends HostPauses {

    /**
     * The pauses of failing hosts kept with this state: few, on the heap, so a lookup (before each request) does no
     * I/O; a state that writes them elsewhere (the topic) does so in its {@code putPause}/{@code removePause}. This
     * state's {@link HostPauses} methods delegate to it.
     */
    HostPauses pauses();

    @Override
    default Optional<HostPause> pause(String host) {
        return pauses().pause(host);
    }

    @Override
    default void putPause(HostPause pause) {
        pauses().putPause(pause);
    }

    @Override
    default void removePause(String host) {
        pauses().removePause(host);
    }

    /**
     * Makes the state complete (e.g. reads it back from where it is kept) before the first crawl; later calls
     * return at once.
     *
     * @throws IllegalStateException when the state cannot be read; the crawl must not go on without it
     * @throws InterruptedException when interrupted while loading
     */
    default void load() throws InterruptedException {}

    /** The state of a notice, if known. */
    Optional<UrlState> get(String noticeId);

    /** Records a notice's state. */
    void put(String noticeId, UrlState state);

    /** Forgets a notice after its tombstone was published. */
    void remove(String noticeId);

    /**
     * Hands the states of the notices of one site to {@code action}, one at a time (in no particular order), so
     * that no implementation has to hold them all at once. Changes made meanwhile may or may not be seen.
     */
    void forEachOfSite(String siteId, Consumer<UrlState> action);

    /** Number of URLs known of one site, of every {@link UrlState.Kind}. */
    int sizeOfSite(String siteId);

    /**
     * The URLs known of one site, counted by kind. This default scans the site's states ({@link #forEachOfSite});
     * a store that keeps counts answers from them.
     */
    default KnownUrls knownOfSite(String siteId) {
        long[] n = new long[UrlState.Kind.values().length];
        forEachOfSite(siteId, s -> n[s.kind().ordinal()]++);
        return new KnownUrls(
                n[UrlState.Kind.NOTICE.ordinal()],
                n[UrlState.Kind.FAULTED_ONLY.ordinal()],
                n[UrlState.Kind.LINK_ONLY.ordinal()]);
    }

    /**
     * How many state records written so far the store did not take (the broker failed them, e.g. after {@code
     * delivery.timeout.ms} with a frozen broker), since the process started. A crawl that sees it grow did not store
     * its state; it is not a success (its pages are fetched again, nothing is lost). This default: none ever fail.
     */
    default long writeFailures() {
        return 0;
    }

    /** How the last crawl of a site ended (see {@link CrawlMark}); empty when never marked. */
    Optional<CrawlMark> mark(String siteId);

    /** Records how a crawl of a site ended (or that one started). */
    void putMark(CrawlMark mark);

    /** Waits until state changes made so far are stored durably (where the implementation stores them). */
    default void flush() {}

    /** Number of notices known. */
    int size();
}
