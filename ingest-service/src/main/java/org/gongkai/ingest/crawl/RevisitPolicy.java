package org.gongkai.ingest.crawl;

import java.time.Duration;
import java.time.Instant;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;

/**
 * When a known page is fetched again. A notice's revisit interval starts at {@code revisit-min}, halves when the
 * notice changed and doubles while it stays the same, up to {@code revisit-max} (the site's own bounds where it
 * sets them, else {@code gongkai.ingest.state.*}). A page fault gives the page its own retry schedule: {@code
 * revisit-min} after the first fault, doubling with each further one up to {@code revisit-max}, so a broken page
 * is tried less and less often and never holds up the pages after it. A navigation page (no notice, no list page)
 * is visited every {@code navigation-revisit} while the lists link it ({@link CrawlPages} drops it once they do
 * not). A page known only by its faults that no list links any more is given up after {@code
 * forget-faulted-after} ({@link #givesUp}). Stateless; thread-safe.
 */
final class RevisitPolicy {

    private final IngestProperties.State revisits;

    RevisitPolicy(IngestProperties.State revisits) {
        this.revisits = revisits;
    }

    /**
     * Whether a known page should be fetched now. Half of {@code revisit-min} of slack keeps crawl timing jitter
     * from pushing a notice a whole crawl interval back.
     */
    boolean isDue(Site site, UrlState known, Instant now) {
        return !known.nextVisit().isAfter(now.plus(min(site).dividedBy(2)));
    }

    /**
     * Whether a known page that a list (or a redirect) links in this crawl should be fetched now: when {@link
     * #isDue}, and also a page known only as a link whose target is unknown ({@link UrlState#targetUnknown}, a
     * record of an older version), which is followed once to learn where it leads (session 17). The scan of the
     * pages not linked keeps {@link #isDue}: such a record no list links is dropped when due, as before.
     */
    boolean isDueWhenLinked(Site site, UrlState known, Instant now) {
        return known.targetUnknown() || isDue(site, known, now);
    }

    /** The next revisit interval after a visit: halved after a change, doubled while unchanged, within bounds. */
    Duration nextRevisit(Site site, UrlState known, boolean changed) {
        if (known == null) {
            return min(site);
        }
        Duration next = changed ? known.revisit().dividedBy(2) : known.revisit().multipliedBy(2);
        return clamp(site, next);
    }

    /** {@code state.forget-faulted-after}. */
    Duration forgetFaultedAfter() {
        return revisits.forgetFaultedAfter();
    }

    /** When a navigation page (no notice, no list page) is fetched again: {@code state.navigation-revisit}. */
    Duration navigationRevisit() {
        return revisits.navigationRevisit();
    }

    /**
     * Whether a page known only by its faults ({@link UrlState#isFaultedOnly()}) has failed long enough to be given
     * up when no list links it: its first fault is at least {@code state.forget-faulted-after} old (never when that
     * is 0). A page with a published version is never given up.
     */
    boolean givesUp(UrlState known, Instant now) {
        if (!known.isFaultedOnly() || !revisits.forgetsFaulted()) {
            return false;
        }
        return !known.faultingSince().plus(revisits.forgetFaultedAfter()).isAfter(now);
    }

    /** When a page retries after its {@code faults}-th consecutive page fault (1 = the first). */
    Duration faultRetry(Site site, int faults) {
        Duration retry = min(site);
        for (int i = 1; i < faults && retry.compareTo(max(site)) < 0; i++) {
            retry = retry.multipliedBy(2);
        }
        return clamp(site, retry);
    }

    private Duration clamp(Site site, Duration d) {
        if (d.compareTo(min(site)) < 0) {
            return min(site);
        }
        return d.compareTo(max(site)) > 0 ? max(site) : d;
    }

    private Duration min(Site site) {
        return site.revisitMin(revisits.revisitMin());
    }

    private Duration max(Site site) {
        return site.revisitMax(revisits.revisitMax());
    }
}
