package org.gongkai.ingest.crawl;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;

/**
 * What the crawler remembers about one notice URL between crawls (and, through the state topic, restarts).
 *
 * @param url          canonical URL
 * @param siteId       site it was found on
 * @param etag         {@code ETag} of the last 200 answer, for {@code If-None-Match}; may be null
 * @param lastModified {@code Last-Modified} of the last 200 answer, for {@code If-Modified-Since}; may be null
 * @param contentHash  SHA-256 (hex) of the body of the version last published (acknowledged by the broker), or of
 *                     the version that could not be published ({@code fault} says why); null when nothing was
 *                     published yet (a page known only by its faults)
 * @param lastSeen     when the URL was last fetched
 * @param status       HTTP status of that fetch (0 when no answer came)
 * @param nextVisit    when the URL is due again
 * @param revisitSeconds current revisit interval: halved when the notice changed, doubled while it stays the same
 * @param goneStrikes  consecutive visits that answered 404 or 410; the second one publishes the tombstone
 * @param faults       consecutive visits that ended in a page fault (redirect loop, timeout, 4xx, unpublishable);
 *                     the page's own retry interval doubles with each (0 in records written before faults were kept)
 * @param fault        the last page fault, or null
 * @param firstFault   when the first of the {@code faults} consecutive page faults happened, or null (no fault, or a
 *                     record written before session 15, where {@link #faultingSince()} takes {@code lastSeen});
 *                     left out of the JSON when null, so the records of pages without faults do not grow
 * @param target       for a page known only as a link, the canonical URL that answered when it was last followed:
 *                     for a redirect's alias ({@link #redirected}) the page it led to, so a list linking the alias
 *                     still reaches that page (session 16); for a navigation page its own URL (session 17). Null
 *                     for notices and faulted pages, left out of the JSON then; null on a link-only record too when
 *                     written before session 17 (an alias before session 16, a navigation page before 17): where it
 *                     leads is unknown, so it is due ({@link #targetUnknown}); null too on a link held back by a
 *                     paused redirect target ({@link #heldBack})
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
        int goneStrikes,
        int faults,
        String fault,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant firstFault,
        @JsonInclude(JsonInclude.Include.NON_NULL) String target) {

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
                url,
                siteId,
                etag,
                lastModified,
                contentHash,
                now,
                status,
                now.plus(revisit),
                revisit.toSeconds(),
                0,
                0,
                null,
                null,
                null);
    }

    /**
     * A link that redirected elsewhere at {@code now} ({@link Redirect}): an alias, nothing published under it (the
     * notice's state is its final URL's), no validators (they would go to the redirecting hop), due again after
     * {@code revisit}. Known to the walk, so a list page linking it is not taken for a page of new links.
     *
     * @param status the status of the final answer
     * @param target the canonical URL it led to ({@link #target}); null for a navigation page
     */
    static UrlState redirected(String url, String siteId, Instant now, int status, Duration revisit, String target) {
        return new UrlState(
                url,
                siteId,
                null,
                null,
                null,
                now,
                status,
                now.plus(revisit),
                revisit.toSeconds(),
                0,
                0,
                null,
                null,
                target);
    }

    /**
     * A navigation page visited at {@code now}: fetched, no notice and no list page (a calendar's day, an about
     * page). Stored with the fields of an alias ({@link #redirected}: no content hash, no validators, no fault), due
     * again after {@code revisit} ({@code state.navigation-revisit}); known to the walk, so a list page linking it is
     * not taken for a page of new links. Its {@link #target} is its own URL: it answered itself, and a link-only
     * record without a target is one of an older version, whose target is unknown.
     */
    static UrlState navigation(String url, String siteId, Instant now, int status, Duration revisit) {
        return redirected(url, siteId, now, status, revisit, url);
    }

    /**
     * A link held back at {@code now} by a deferred host other than its lists' (it redirects to a paused host;
     * session 17): known only as a link, where it leads unknown ({@link #targetUnknown}, so it is followed whenever a
     * list links it), due at once, so the scan of due pages follows it while no list read in full links it. No list
     * linking it any more, it is forgotten as any link-only record.
     */
    static UrlState heldBack(String url, String siteId, Instant now) {
        return new UrlState(url, siteId, null, null, null, now, 0, now, 0, 0, 0, null, null, null);
    }

    /**
     * Whether the page is known only as a link and where it leads is unknown: a record written before session 17 (a
     * redirect's alias from before session 16, which did not keep its target, or a navigation page from before
     * session 17, indistinguishable from it), or a link held back by a paused redirect target ({@link #heldBack}).
     * Such a page is due when linked ({@link RevisitPolicy#isDueWhenLinked}):
     * followed once, at the first crawl that links it, it gets its target, so a page it leads to is not given up as unlinked while a
     * list links it through this alias (session 17).
     */
    boolean targetUnknown() {
        return isLinkOnly() && target == null;
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
                0,
                isUnpublishable() ? faults : 0,
                isUnpublishable() ? fault : null,
                isUnpublishable() ? firstFault : null,
                target);
    }

    /** Answered 404 or 410 at {@code now}: one more strike, and due again at once. */
    UrlState gone(Instant now, int newStatus) {
        return new UrlState(
                url,
                siteId,
                etag,
                lastModified,
                contentHash,
                now,
                newStatus,
                now,
                revisitSeconds,
                goneStrikes + 1,
                faults,
                fault,
                firstFault,
                null);
    }

    /**
     * A page fault at {@code now}: one more fault, retried after {@code retry}; what was published stays. The first
     * fault of a run is remembered ({@link #firstFault}); a state that had faults but no time of the first (written
     * before session 15) takes the time of its last one, so a page is never given up earlier than it would be.
     *
     * @param known the state so far, or null for a page never published
     */
    static UrlState faulted(
            UrlState known, String url, String siteId, Instant now, int status, String reason, Duration retry) {
        if (known == null) {
            return new UrlState(
                    url,
                    siteId,
                    null,
                    null,
                    null,
                    now,
                    status,
                    now.plus(retry),
                    retry.toSeconds(),
                    0,
                    1,
                    reason,
                    now,
                    null);
        }
        return new UrlState(
                known.url,
                known.siteId,
                known.etag,
                known.lastModified,
                known.contentHash,
                now,
                status,
                now.plus(retry),
                known.revisitSeconds,
                known.goneStrikes,
                known.faults + 1,
                reason,
                known.faults == 0 ? now : known.faultingSince(),
                null);
    }

    /**
     * This state of a version just {@link #published}, but the broker refused it for good (e.g. too large):
     * remembered by its hash with the reason, so it is not sent again until the page changes.
     *
     * @param faults consecutive page faults, this refusal included
     * @param since  when the first of them happened
     */
    UrlState refused(int faults, String reason, Instant since) {
        return new UrlState(
                url,
                siteId,
                etag,
                lastModified,
                contentHash,
                lastSeen,
                status,
                nextVisit,
                revisitSeconds,
                goneStrikes,
                faults,
                UNPUBLISHABLE + reason,
                since,
                null);
    }

    /** Prefix of {@link #fault} for a version the broker refused; it stays until the page changes. */
    static final String UNPUBLISHABLE = "unpublishable: ";

    /** Whether a version of this notice was acknowledged by the broker (or refused for good): may need a tombstone. */
    boolean wasPublished() {
        return contentHash != null;
    }

    /**
     * Whether the page is known only as a link: a redirect's alias or a navigation page (nothing published, no
     * fault), whose state only says when to follow the link again.
     */
    boolean isLinkOnly() {
        return contentHash == null && fault == null;
    }

    /**
     * Whether the page is known only by its faults: never fetched so that a version was published (no content hash),
     * and its last visit ended in a page fault.
     */
    boolean isFaultedOnly() {
        return contentHash == null && fault != null;
    }

    /**
     * Since when the page's consecutive faults run: {@link #firstFault}, or for a record written before session 15
     * the time of its last fault ({@code lastSeen}, later than the real first one); null when it has no fault.
     */
    Instant faultingSince() {
        if (faults == 0 && fault == null) {
            return null;
        }
        return firstFault != null ? firstFault : lastSeen;
    }

    /** What the crawl state knows of a URL, as {@link KnownUrls} counts it. */
    enum Kind {
        /** A version was published (or refused for good): it has a content hash. */
        NOTICE,
        /** Known only by its faults ({@link #isFaultedOnly()}). */
        FAULTED_ONLY,
        /** Known only as a link: a redirect's alias or a navigation page ({@link #isLinkOnly()}). */
        LINK_ONLY;

        static Kind of(boolean hasContentHash, boolean hasFault) {
            return hasContentHash ? NOTICE : hasFault ? FAULTED_ONLY : LINK_ONLY;
        }
    }

    Kind kind() {
        return Kind.of(contentHash != null, fault != null);
    }

    /** Whether the version with {@link #contentHash} could not be published. */
    boolean isUnpublishable() {
        return fault != null && fault.startsWith(UNPUBLISHABLE);
    }

    Duration revisit() {
        return Duration.ofSeconds(revisitSeconds);
    }
}
