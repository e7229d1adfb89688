package org.gongkai.ingest.crawl;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.gongkai.events.NoticeIds;

/**
 * Recovery for raw records lost before enrich-service read them (expired from {@code notices.raw} while enrich was
 * down or behind): ingest never republishes an unchanged notice, so without this they are gone for good. Marks the
 * published notices of one site ({@link #marked}) so the site's next crawls fetch them
 * unconditionally and publish them again, changed or not. The marks are crawl state, so they are written through
 * to the state topic like any other and survive a restart: a site with more known notices than a crawl visits
 * ({@code max-pages}) is republished over several crawls, each picking up where the previous one stopped.
 * Republishing is harmless downstream: enrich and index are idempotent by notice id and version.
 *
 * <p>Only notices with a published (or refused) version are marked; pages known only by their faults have nothing
 * to recover. Thread-safe, but a crawl of the same site running meanwhile may overwrite a mark with the state it
 * read before (the caller refuses to mark a site that is being crawled).
 */
final class Republish {

    private final CrawlState state;
    private final Clock clock;

    Republish(CrawlState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /**
     * Marks the published notices of {@code siteId} last fetched at or after {@code since} (every one when null).
     * A notice published since then was last fetched since then too, so the selection never misses one; it may
     * take in notices published earlier and seen since, which costs a harmless extra publication each.
     *
     * @return how many notices were marked
     * @throws InterruptedException while the state is being loaded (the first time, before any crawl)
     */
    int mark(String siteId, Instant since) throws InterruptedException {
        state.load(); // before the first crawl the state may still be on its topic only
        Instant now = clock.instant();
        AtomicInteger marked = new AtomicInteger();
        state.forEachOfSite(siteId, known -> {
            if (known.wasPublished() && (since == null || !known.lastSeen().isBefore(since))) {
                state.put(NoticeIds.fromUrl(known.url()), marked(known, now));
                marked.incrementAndGet();
            }
        });
        state.flush();
        return marked.get();
    }

    /** Prefix of {@link UrlState#contentHash} of a notice marked for republishing; the next publication replaces it. */
    static final String REPUBLISH = "republish:";

    /**
     * {@code known} marked for republishing: no validators (the next fetch is unconditional), due at {@code now}, and
     * the content hash prefixed with {@link #REPUBLISH} so that no body equals it and the next successful visit
     * publishes the notice again. Everything else stays, so a notice that answers 404 still gets its tombstone
     * ({@link UrlState#wasPublished()} holds). Marking a marked notice again changes only its due time.
     */
    static UrlState marked(UrlState known, Instant now) {
        String hash = known.contentHash();
        return new UrlState(
                known.url(),
                known.siteId(),
                null,
                null,
                hash.startsWith(REPUBLISH) ? hash : REPUBLISH + hash,
                known.lastSeen(),
                known.status(),
                now,
                known.revisitSeconds(),
                known.goneStrikes(),
                known.faults(),
                known.fault(),
                known.firstFault(),
                null);
    }
}
