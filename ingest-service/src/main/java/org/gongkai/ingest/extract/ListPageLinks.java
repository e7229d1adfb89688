package org.gongkai.ingest.extract;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gongkai.ingest.url.CanonicalUrls;
import org.jsoup.nodes.Document;

/**
 * What one list page of a {@link ListDiscovery} walk links to: its notice links (the page's links and the records in
 * its text, through the site's link selector), each with its canonical URL computed once, without the pages of the
 * list's own {@code index_N.html} series and without its next page, which is told apart (auto pagination only);
 * its links to other hosts apart, counted and not followed.
 * Whether a link is new, and whether paging goes on, is the walk's decision.
 *
 * <p>Stateless; thread-safe.
 */
final class ListPageLinks {

    private final LinkExtractor links = new LinkExtractor();
    private final Pagination pagination = new Pagination();

    /**
     * The links of a list page and its next page.
     *
     * @param links   its notice links in page order, by canonical URL (a key may repeat: once from the HTML links,
     *                once from the records)
     * @param next    its next page, null on the last page or without pagination
     * @param nextKey the canonical URL of {@code next}, null with it
     * @param otherHosts canonical URLs of the page links to other hosts, left out (not followed)
     */
    record Page(List<Map.Entry<String, URI>> links, URI next, String nextKey, Set<String> otherHosts) {}

    /**
     * @param document     the page parsed
     * @param text         the page decoded (records and pagination scripts are read from it)
     * @param page         the page's URL after redirects
     * @param list         the list's first page (its series is not a notice)
     * @param linkSelector the site's CSS selector of notice links, or null for all links
     * @param paginated    whether the site's lists are paged (auto), else the next page is never looked for
     */
    Page read(Document document, String text, URI page, URI list, String linkSelector, boolean paginated) {
        Set<String> otherHosts = new HashSet<>();
        List<Map.Entry<String, URI>> pageLinks =
                new ArrayList<>(links.extractByCanonical(document, page, linkSelector, otherHosts)
                        .entrySet());
        pageLinks.addAll(links.extractRecordsByCanonical(text, page, linkSelector, otherHosts)
                .entrySet());
        URI next = paginated ? pagination.next(document, text, page).orElse(null) : null;
        String nextKey = next == null ? null : CanonicalUrls.canonical(next.toString());
        List<Map.Entry<String, URI>> notices = new ArrayList<>(pageLinks.size());
        for (Map.Entry<String, URI> entry : pageLinks) {
            if (pagination.isSeriesPage(entry.getValue(), list)) {
                continue;
            }
            if (entry.getKey().equals(nextKey)) {
                continue; // the next list page, not a notice
            }
            notices.add(entry);
        }
        return new Page(notices, next, nextKey, otherHosts);
    }
}
