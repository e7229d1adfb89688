package org.gongkai.ingest.extract;

import java.net.URI;
import java.util.Map;
import org.gongkai.ingest.fetch.FetchGate;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.fetch.NotFetchedException;
import org.gongkai.ingest.fetch.Validators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the list pages and feeds of one {@link ListDiscovery.Walk} through its gate, each with the validators an
 * earlier crawl kept for it ({@link ListValidators}), and counts what they answered: fetched, read, failed, denied,
 * deferred, not modified. What a page links to, and whether the walk goes on, is the walk's decision.
 *
 * <p>Belongs to one walk and its thread.
 */
final class ListFetches {

    private static final Logger log = LoggerFactory.getLogger(ListFetches.class);

    private final FetchGate.Session gate;
    private final ListValidators validators;
    private int fetched;
    private int read;
    private int failed;
    private int denied;
    private int deferred;

    /** @param conditional validators to send by canonical URL; empty for a full walk */
    ListFetches(FetchGate.Session gate, Map<String, Validators> conditional) {
        this.gate = gate;
        this.validators = new ListValidators(conditional);
    }

    /**
     * Fetches a list page, sitemap or feed with its validators.
     *
     * @param key  its canonical URL
     * @param what what it is, for the log
     * @return its answer; null when it was not fetched (counted by the reason) or answered 304 (counted: nothing new
     *     there)
     */
    FetchResult fetch(URI uri, String key, String what) throws InterruptedException {
        Validators sent = validators.toSend(key);
        FetchResult result;
        try {
            result = gate.fetch(uri, sent);
            fetched++;
            // its links are on the host it answered from: a pause of that host holds back the lists' own pages
            gate.listAnsweredFrom(result.finalUri());
        } catch (NotFetchedException e) {
            switch (e.reason()) {
                case DENIED -> denied++;
                case DEFERRED -> deferred++;
                default -> failed++;
            }
            return null;
        }
        if (validators.notModified(key, sent, result)) {
            log.debug(
                    "site {}: {} {} not modified, nothing new there",
                    gate.site().id(),
                    what,
                    uri);
            return null;
        }
        return result;
    }

    /** One that answered but could not be read (an error status, not a list, not a feed): counted as failed. */
    void unreadable() {
        failed++;
    }

    /** One read in full: its validators are asked next time. */
    void read(String key, FetchResult result) {
        read++;
        validators.read(key, result);
    }

    /** One read in full that must never be asked conditionally (a sitemap index). */
    void readAlwaysInFull(String key) {
        read++;
        validators.readAlwaysInFull(key);
    }

    int fetched() {
        return fetched;
    }

    int read() {
        return read;
    }

    int failed() {
        return failed;
    }

    int denied() {
        return denied;
    }

    int deferred() {
        return deferred;
    }

    int notModified() {
        return validators.notModified();
    }

    /** What the pages answered, by canonical URL ({@link Validators#NONE}: drop an earlier entry). */
    Map<String, Validators> validators() {
        return validators.answered();
    }
}
