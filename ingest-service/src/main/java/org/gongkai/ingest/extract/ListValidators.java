package org.gongkai.ingest.extract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.fetch.Validators;

/**
 * The validators of one walk's list pages and feeds: those it sends (from an earlier crawl, by canonical URL) and
 * what its pages answered, for the crawl state. Belongs to one walk's {@link ListFetches} and its thread.
 */
final class ListValidators {

    private final Map<String, Validators> toSend;
    private final Map<String, Validators> answered = new LinkedHashMap<>();
    private int notModified;

    /** @param toSend validators to send by canonical URL; empty for a full walk */
    ListValidators(Map<String, Validators> toSend) {
        this.toSend = toSend;
    }

    /** What to send with the request of a page ({@link Validators#NONE}: unconditional). */
    Validators toSend(String url) {
        return toSend.getOrDefault(url, Validators.NONE);
    }

    /**
     * Whether a page asked with {@code sent} answered 304: counted, its validators kept (with any new ones the 304
     * carried). A 304 to an unconditional request is no answer to read; the caller fails it.
     */
    boolean notModified(String url, Validators sent, FetchResult result) {
        if (result.status() != 304 || sent.isEmpty()) {
            return false;
        }
        notModified++;
        answered.put(url, Validators.of(result).orElse(sent));
        return true;
    }

    /** A page read in full: its validators are asked next time (none: an earlier entry is dropped). */
    void read(String url, FetchResult result) {
        answered.put(url, Validators.of(result));
    }

    /** A page read in full that must never be asked conditionally (a sitemap index). */
    void readAlwaysInFull(String url) {
        answered.put(url, Validators.NONE);
    }

    int notModified() {
        return notModified;
    }

    /** What the pages answered, by canonical URL ({@link Validators#NONE}: drop an earlier entry). */
    Map<String, Validators> answered() {
        return Collections.unmodifiableMap(answered);
    }
}
