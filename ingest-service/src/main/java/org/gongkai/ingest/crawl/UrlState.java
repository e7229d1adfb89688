package org.gongkai.ingest.crawl;

import java.time.Duration;
import java.time.Instant;

/**
 * What the crawler remembers about one notice URL between crawls (and, through the state topic, restarts).
 *
 * @param url          canonical URL
 * @param siteId       site it was found on
 * @param etag         {@code ETag} of the last 200 answer, for {@code If-None-Match}; may be null
 * @param lastModified {@code Last-Modified} of the last 200 answer, for {@code If-Modified-Since}; may be null
 * @param contentHash  SHA-256 (hex) of the body of the version last published (acknowledged by the broker)
 * @param lastSeen     when the URL was last fetched
 * @param status       HTTP status of that fetch
 * @param nextVisit    when the URL is due again
 * @param revisitSeconds current revisit interval: halved when the notice changed, doubled while it stays the same
 * @param goneStrikes  consecutive visits that answered 404 or 410; the second one publishes the tombstone
 */
public record UrlState(
        String url,
        String siteId,
        String etag,
        String lastModified,
        String contentHash,
        Instant lastSeen,
        int status,
        Instant nextVisit,
        long revisitSeconds,
        int goneStrikes) {

    /** The state after a version was published at {@code now}. */
    static UrlState published(
            String url,
            String siteId,
            String etag,
            String lastModified,
            String contentHash,
            Instant now,
            int status,
            Duration revisit) {
        return new UrlState(
                url, siteId, etag, lastModified, contentHash, now, status, now.plus(revisit), revisit.toSeconds(), 0);
    }

    /** Visited at {@code now}, content unchanged; validators replaced where the answer carried new ones. */
    UrlState unchanged(String newEtag, String newLastModified, Instant now, int newStatus, Duration revisit) {
        return new UrlState(
                url,
                siteId,
                newEtag != null ? newEtag : etag,
                newLastModified != null ? newLastModified : lastModified,
                contentHash,
                now,
                newStatus,
                now.plus(revisit),
                revisit.toSeconds(),
                0);
    }

    /** Answered 404 or 410 at {@code now}: one more strike, and due again at once. */
    UrlState gone(Instant now, int newStatus) {
        return new UrlState(
                url, siteId, etag, lastModified, contentHash, now, newStatus, now, revisitSeconds, goneStrikes + 1);
    }

    Duration revisit() {
        return Duration.ofSeconds(revisitSeconds);
    }
}
