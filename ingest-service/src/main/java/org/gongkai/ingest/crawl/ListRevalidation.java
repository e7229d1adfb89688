package org.gongkai.ingest.crawl;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.gongkai.ingest.fetch.Validators;

/**
 * When a crawl may ask its list pages and feeds conditionally, and which validators the next one gets.
 *
 * <p>The rule: a list page that answers 304 is unchanged since a crawl that went to its end and recorded every
 * page linked from it, so it links nothing new, and the walk of that list stops there ({@code
 * extract.ListDiscovery}); the known pages it links are still visited when due, by the crawl's scan of the site's
 * state. That holds only while the validators are honest and the earlier crawl left nothing to find again, so:
 *
 * <ul>
 *   <li>validators are kept only from a crawl that went to its end ({@link CrawlMark#complete()}) and in which no
 *       linked page failed without its state recording it (a host fault: 5xx, 429, no connection), since such a
 *       page is found again only through its list page; otherwise the mark gets none and the next walk is a full
 *       one;
 *   <li>a <em>full walk</em> (every list page and feed fetched unconditionally, paging as before) happens at the
 *       first crawl, after an incomplete one, and once {@code list-full-walk-interval} has passed since the last
 *       full walk, so a portal whose validators do not change when its list does (a fixed ETag, a Last-Modified of
 *       the page template) hides a new notice at most that long plus one crawl interval; {@code 0} makes every walk a full one;
 *   <li>between full walks, validators of pages reached since the last full walk are kept (a page that answers
 *       without validators drops its entry), so later list pages that a crawl did not reach are asked
 *       conditionally too when it does; each full walk starts them afresh.
 * </ul>
 *
 * <p>Not covered: a portal that publishes onto a later page while the first one stays the same (the same limit as
 * stopping at a list page of known notices: the next full walk, or a change of page 1, finds it); a list URL that
 * redirects (validators go to the first hop only, so it never answers 304 and is simply read in full). Stateless;
 * thread-safe.
 */
final class ListRevalidation {

    private final Duration fullWalkInterval;

    /** @param fullWalkInterval longest time between two full walks of a site; zero: every walk is full */
    ListRevalidation(Duration fullWalkInterval) {
        this.fullWalkInterval = fullWalkInterval;
    }

    /**
     * What one walk sends.
     *
     * @param validators the list pages' and feeds' validators to send, by canonical URL; empty in a full walk
     * @param fullWalk   whether every list page and feed is fetched unconditionally
     * @param previous   the mark of the crawl before, or null
     */
    record Plan(Map<String, Validators> validators, boolean fullWalk, CrawlMark previous) {}

    /** The plan of a crawl starting at {@code now} after the crawl that left {@code previous} (null: none). */
    Plan plan(CrawlMark previous, Instant now) {
        boolean full = previous == null
                || !previous.complete()
                || previous.lists().isEmpty()
                || fullWalkInterval.isZero()
                || previous.fullWalkAt() == null
                || !now.isBefore(previous.fullWalkAt().plus(fullWalkInterval));
        return new Plan(full ? Map.of() : previous.lists(), full, previous);
    }

    /**
     * The mark a crawl leaves.
     *
     * @param complete whether it went to its end
     * @param settled  whether every page it linked and could not fetch has its state recorded (no host fault)
     * @param answered what the walk's list pages and feeds answered ({@code ListDiscovery.Walk#validators()})
     */
    CrawlMark ended(
            Plan plan,
            String siteId,
            Instant started,
            boolean complete,
            boolean settled,
            Map<String, Validators> answered) {
        Instant fullWalkAt = plan.fullWalk() || plan.previous() == null
                ? started
                : plan.previous().fullWalkAt();
        if (!complete || !settled) {
            return new CrawlMark(siteId, started, complete, Map.of(), fullWalkAt);
        }
        Map<String, Validators> lists = new HashMap<>(plan.fullWalk() ? Map.of() : plan.validators());
        answered.forEach((url, validators) -> {
            if (validators.isEmpty()) {
                lists.remove(url);
            } else {
                lists.put(url, validators);
            }
        });
        return new CrawlMark(siteId, started, true, lists, fullWalkAt);
    }
}
