package org.gongkai.ingest.crawl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.gongkai.ingest.site.Site;

/**
 * The scheduled crawls of the {@link CrawlScheduler}, earliest first (ties in configuration order). A site is in
 * the queue at most once: it leaves it when its crawl is handed to a worker and comes back when that crawl ends.
 * Thread-safe.
 */
final class DueSites {

    /** A site's next scheduled crawl. */
    record Due(Instant at, int order, Site site) {}

    private static final Comparator<Due> ORDER = Comparator.comparing(Due::at).thenComparingInt(Due::order);

    private final PriorityQueue<Due> queue = new PriorityQueue<>(ORDER);
    private final Map<String, Instant> next = new ConcurrentHashMap<>();

    synchronized void clear() {
        queue.clear();
    }

    synchronized void add(Due due) {
        queue.add(due);
        next.put(due.site().id(), due.at());
    }

    /** When the earliest site is due, if any. */
    synchronized Optional<Instant> head() {
        Due first = queue.peek();
        return first == null ? Optional.empty() : Optional.of(first.at());
    }

    /** Takes out every site due at {@code now}. */
    synchronized List<Due> takeDue(Instant now) {
        List<Due> ready = new ArrayList<>();
        while (!queue.isEmpty() && !queue.peek().at().isAfter(now)) {
            ready.add(queue.poll());
        }
        return ready;
    }

    /** Moves a queued site's next crawl to {@code at}; nothing when it is not queued (its crawl is running). */
    synchronized void reschedule(Site site, Instant at) {
        Due old = queue.stream()
                .filter(d -> d.site().id().equals(site.id()))
                .findFirst()
                .orElse(null);
        if (old != null) {
            queue.remove(old);
            add(new Due(at, old.order(), site));
        }
    }

    /** The start of the site's next scheduled crawl (later when a crawl of it still runs then). */
    Optional<Instant> next(String siteId) {
        return Optional.ofNullable(next.get(siteId));
    }

    /** The earliest next scheduled crawl of any site, or null. */
    Instant earliest() {
        return next.values().stream().min(Instant::compareTo).orElse(null);
    }
}
