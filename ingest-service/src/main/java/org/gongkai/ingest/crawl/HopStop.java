package org.gongkai.ingest.crawl;

import java.net.URI;
import java.time.Clock;
import java.util.Set;
import org.gongkai.ingest.site.Site;
import org.gongkai.ingest.url.CanonicalUrls;

/**
 * Where the redirect chain of one link's visit stops without requesting the hop (the link's answer is then the
 * redirect that led there, and {@link PageVisitor} counts it as skipped for {@link #reason()}): a page this crawl
 * has handled already (visited, or linked and not due; {@link SkipReason#REDIRECT_TO_VISITED}, session 14) or a page
 * known in the crawl state and not due ({@link SkipReason#REDIRECT_TO_NOT_DUE}, session 15), which keeps its own
 * schedule. The link's own URL is never such a hop, so an answer always names another page.
 *
 * <p>One per visit, confined to the visit's thread (the fetch calls {@link #at} there).
 */
final class HopStop {

    private final PageRecords records;
    private final RevisitPolicy revisits;
    private final Clock clock;
    private final Site site;
    private final String url;
    private final Set<String> visited;
    private SkipReason reason;

    /**
     * @param url     the link's canonical URL
     * @param visited canonical URLs handled in this crawl
     */
    HopStop(PageRecords records, RevisitPolicy revisits, Clock clock, Site site, String url, Set<String> visited) {
        this.records = records;
        this.revisits = revisits;
        this.clock = clock;
        this.site = site;
        this.url = url;
        this.visited = visited;
    }

    /** Whether to stop before requesting {@code hop} (the fetch's hop check: true means "handled, not requested"). */
    boolean at(URI hop) {
        String canonical;
        try {
            canonical = CanonicalUrls.canonical(hop.toString());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (canonical == null || canonical.equals(url)) {
            return false;
        }
        if (visited.contains(canonical)) {
            reason = SkipReason.REDIRECT_TO_VISITED;
            return true;
        }
        UrlState target = records.known(CanonicalUrls.noticeId(canonical));
        if (target != null && !revisits.isDueWhenLinked(site, target, clock.instant())) {
            reason = SkipReason.REDIRECT_TO_NOT_DUE;
            return true;
        }
        return false;
    }

    /** Why the chain stopped, or null when it did not. */
    SkipReason reason() {
        return reason;
    }
}
