package org.gongkai.ingest.crawl;

import java.net.URI;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site's list links and feed entries on another host than their list page's (feed's): never followed, and not
 * pages the crawl handled either. Since session 17 they are no longer counted as skipped pages (session 16 did, so the
 * header and footer links of every list page to other portals showed as skipped in every report and in {@code
 * gongkai.ingest.notices{outcome=skipped}}): the report counts them apart, by host ({@link CrawlReport#otherHosts}),
 * and each host is logged once, the first time a site's lists link it in this process, with what to do to crawl it.
 *
 * <p>Thread-safe: crawls of different sites run at once. Bounded: at most {@value #MAX_REMEMBERED} hosts a site are
 * remembered; further ones are not logged (they are still counted in the reports).
 */
final class OtherHostLinks {

    private static final Logger log = LoggerFactory.getLogger(OtherHostLinks.class);

    /** Hosts named in a crawl report, the most linked first. */
    static final int MAX_REPORTED = 10;

    /** Hosts remembered as logged, per site. */
    static final int MAX_REMEMBERED = 1_000;

    private final Map<String, Set<String>> logged = new ConcurrentHashMap<>();

    /**
     * What one crawl's links to other hosts came to.
     *
     * @param top       links by host, lower case: the most linked first (then by name), at most {@value
     *                  #MAX_REPORTED} hosts
     * @param firstSeen the hosts the site's lists had not linked before in this process (logged now), by name
     */
    record Counted(Map<String, Integer> top, List<String> firstSeen) {}

    /** Counts the distinct links {@code urls} (canonical) by host, and logs the hosts new for {@code siteId}. */
    Counted count(String siteId, Set<String> urls) {
        Map<String, Integer> byHost = new HashMap<>();
        for (String url : urls) {
            String host = host(url);
            if (host != null) {
                byHost.merge(host, 1, Integer::sum);
            }
        }
        List<String> firstSeen = logNew(siteId, byHost);
        Map<String, Integer> top = new LinkedHashMap<>();
        byHost.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_REPORTED)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return new Counted(top, firstSeen);
    }

    private List<String> logNew(String siteId, Map<String, Integer> byHost) {
        if (byHost.isEmpty()) {
            return List.of();
        }
        Set<String> known = logged.computeIfAbsent(siteId, id -> ConcurrentHashMap.newKeySet());
        List<String> fresh = byHost.keySet().stream()
                .sorted()
                .filter(host -> known.size() < MAX_REMEMBERED && known.add(host))
                .toList();
        if (!fresh.isEmpty()) {
            log.info(
                    "site {}: its lists link pages on {} other host(s), not followed (a list's links are followed on"
                            + " its own host only; to crawl one, add its own list page to list-urls): {}",
                    siteId,
                    fresh.size(),
                    fresh.stream().map(h -> h + " (" + byHost.get(h) + ")").toList());
        }
        return fresh;
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
