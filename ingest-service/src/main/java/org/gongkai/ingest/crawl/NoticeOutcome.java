package org.gongkai.ingest.crawl;

import java.util.Locale;

/** What became of one linked page in a crawl (tag {@code outcome} of {@code gongkai.ingest.notices}). */
public enum NoticeOutcome {
    /** A notice, new or changed, acknowledged by the broker. */
    PUBLISHED,
    /** A notice whose content equals the version last published (or that answered 304 Not Modified). */
    UNCHANGED,
    /** A known notice whose next visit is later: not fetched. */
    NOT_DUE,
    /** A published notice answered 404 or 410 for the first time; the next visit confirms or clears it. */
    MISSING,
    /** Not a notice page (no metadata block, not HTML, or gone without ever having been published). */
    SKIPPED,
    /**
     * Fetch, decoding or publishing failed. A page fault (redirect loop, read deadline, 4xx, …) gives the page its
     * own retry schedule; a host fault or a broker away: the next crawl tries again.
     */
    FAILED,
    /** The broker refused the notice for good (e.g. too large): recorded with the reason, not sent again until it changes. */
    UNPUBLISHABLE,
    /** A published notice answered 404 or 410 twice (on two visits): a tombstone was published. */
    DELETED,
    /** robots.txt disallows the page: not fetched. */
    DENIED,
    /** Not fetched now: its host is paused (failures, Retry-After) or its robots.txt unavailable. */
    DEFERRED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
