package org.gongkai.ingest.extract;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.gongkai.ingest.fetch.CharsetDetector;
import org.gongkai.ingest.fetch.FetchGate;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.fetch.Validators;
import org.gongkai.ingest.site.Site;
import org.gongkai.ingest.url.CanonicalUrls;
import org.jsoup.nodes.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the pages of a site, one list page at a time: its list URLs with their pagination (auto mode, up to
 * {@code max-list-pages} per list URL), then its sitemaps and feeds (a sitemap index one level deep). Each
 * {@link Walk#next()} returns the links first seen on the next list page, canonicalised once, so the crawler
 * can visit them before it reads the next list page. Lists are newest first: paging a list stops at the first
 * page that brings no link not seen before (in this crawl or in the crawl state), unless {@code pageToEnd} (the
 * previous crawl did not go to its end, so known notices on page 1 say nothing about page 2).
 *
 * <p>Conditional walk: given the validators (ETag, Last-Modified) of list pages and feeds from an earlier crawl,
 * each is fetched with {@code If-None-Match} / {@code If-Modified-Since}. A page that answers 304 is what it was
 * then, so it brings nothing new: no links come from it and paging of its list stops there (a sitemap index is
 * never asked conditionally, as its child sitemaps can change without it). Which validators may be sent, and
 * when a walk is a full one, is the crawler's decision ({@code crawl.ListRevalidation}); {@link Walk#validators()}
 * tells what this walk's pages answered. Fetching them with their validators, and counting what they answered, is
 * {@link ListFetches}' job; what a list page links to, {@link ListPageLinks}'.
 *
 * <p>Stateless; a {@link Walk} belongs to one crawl and one thread.
 */
public final class ListDiscovery {

    private static final Logger log = LoggerFactory.getLogger(ListDiscovery.class);

    /** Sitemaps of a sitemap index read per crawl. */
    private static final int MAX_CHILD_SITEMAPS = 20;

    private final ListPageLinks pageLinks = new ListPageLinks();
    private final FeedLinks feeds = new FeedLinks();
    private final NoticeContent content = new NoticeContent();

    /** A page found on a list: its URL as linked and its canonical form (the notice id's source). */
    public record Link(URI uri, String canonical) {}

    /**
     * @param isKnown   whether a canonical URL is in the crawl state
     * @param pageToEnd page every list to its end or {@code max-list-pages}, not stopping at known notices
     */
    public Walk walk(FetchGate.Session gate, Predicate<String> isKnown, boolean pageToEnd) {
        return walk(gate, isKnown, pageToEnd, Map.of());
    }

    /**
     * @param isKnown    whether a canonical URL is in the crawl state
     * @param pageToEnd  page every list to its end or {@code max-list-pages}, not stopping at known notices
     * @param validators validators of list pages and feeds (by canonical URL) to send; empty for a full walk
     */
    public Walk walk(
            FetchGate.Session gate, Predicate<String> isKnown, boolean pageToEnd, Map<String, Validators> validators) {
        return new Walk(gate, isKnown, pageToEnd, validators);
    }

    /** The list pages of one crawl, read one after another. */
    public final class Walk {
        private final Site site;
        private final Predicate<String> isKnown;
        private final boolean pageToEnd;
        private final ListFetches fetches;
        private final Map<String, Link> found = new LinkedHashMap<>();
        private final Set<String> listPages = new HashSet<>();
        /**
         * Canonical URLs of list page links and feed entries on other hosts, not followed (bounded by the list pages
         * and feeds read).
         */
        private final Set<String> otherHostLinks = new HashSet<>();

        private final Deque<URI> lists;
        private final Deque<URI> feedQueue;
        private URI listUri;
        private URI page;
        private int pageNumber;

        private Walk(
                FetchGate.Session gate,
                Predicate<String> isKnown,
                boolean pageToEnd,
                Map<String, Validators> conditional) {
            this.site = gate.site();
            this.isKnown = isKnown;
            this.pageToEnd = pageToEnd;
            this.fetches = new ListFetches(gate, conditional);
            this.lists = new ArrayDeque<>(site.listUris());
            this.feedQueue = new ArrayDeque<>(site.feedUris());
        }

        /**
         * Reads the next list page (or feed) and returns the links first seen on it, in page order; null when
         * every list and feed has been read. List pages themselves are never returned as links.
         */
        public List<Link> next() throws InterruptedException {
            while (true) {
                if (page == null && !lists.isEmpty()) {
                    listUri = lists.poll();
                    page = listUri;
                    pageNumber = 1;
                }
                if (page != null) {
                    return fresh(readListPage());
                }
                if (!feedQueue.isEmpty()) {
                    URI feed = feedQueue.poll();
                    return fresh(readFeed(feed, site.feedUris().contains(feed)));
                }
                return null;
            }
        }

        /** List pages and feeds that got an HTTP answer. */
        public int fetched() {
            return fetches.fetched();
        }

        /** List pages and feeds read (answered 2xx and parsed). */
        public int read() {
            return fetches.read();
        }

        /** List pages and feeds that answered 304 to their validators: nothing new there. */
        public int notModified() {
            return fetches.notModified();
        }

        /**
         * The validators of the list pages and feeds that answered in this walk (2xx or 304), by canonical URL:
         * {@link Validators#NONE} for one that answered without any (or a sitemap index, never asked conditionally),
         * so an earlier entry can be dropped. Pages this walk did not reach are not in it.
         */
        public Map<String, Validators> validators() {
            return fetches.validators();
        }

        public int failed() {
            return fetches.failed();
        }

        /**
         * Distinct links (canonical URLs) of the list pages read so far that lead to another host than their list page's, and entries
         * of the feeds read on another host than their feed's: not followed (a list's notices are on its own host; a
         * notice elsewhere is reached through a redirect).
         */
        public Set<String> otherHostLinks() {
            return Collections.unmodifiableSet(otherHostLinks);
        }

        public int denied() {
            return fetches.denied();
        }

        public int deferred() {
            return fetches.deferred();
        }

        /** Whether some list stopped before its end for a reason other than known notices or its last page. */
        public boolean cut() {
            return fetches.failed() > 0 || fetches.deferred() > 0;
        }

        private List<Link> fresh(List<Link> links) {
            List<Link> fresh = new ArrayList<>(links.size());
            for (Link link : links) {
                if (!listPages.contains(link.canonical()) && found.putIfAbsent(link.canonical(), link) == null) {
                    fresh.add(link);
                }
            }
            return fresh;
        }

        private List<Link> readListPage() throws InterruptedException {
            URI current = page;
            page = null;
            String pageKey = CanonicalUrls.canonical(current.toString());
            listPages.add(pageKey);
            // not fetched, or not modified (304): nothing new, and paging of its list stops
            FetchResult list = fetches.fetch(current, pageKey, "list page");
            if (list == null) {
                return List.of();
            }
            if (!list.isSuccess() || !content.mayBeList(list)) {
                log.warn("site {}: list page {} answered {} {}", site.id(), current, list.status(), list.mediaType());
                fetches.unreadable();
                return List.of();
            }
            fetches.read(pageKey, list);
            CharsetDetector.Decoded decoded = content.decode(site, list);
            Document document = content.parse(decoded, list);
            ListPageLinks.Page listed = pageLinks.read(
                    document,
                    decoded.text(),
                    list.finalUri(),
                    listUri,
                    site.linkSelector(),
                    site.pagination() != Site.Pagination.NONE);
            otherHostLinks.addAll(listed.otherHosts());
            URI next = listed.next();
            String nextKey = listed.nextKey();
            List<Link> result = new ArrayList<>(listed.links().size());
            int fresh = 0;
            for (Map.Entry<String, URI> entry : listed.links()) {
                String key = entry.getKey();
                // a link back to a list page read in this walk (首页, 上一页) is nothing new either
                if (!found.containsKey(key) && !listPages.contains(key) && !isKnown.test(key)) {
                    fresh++;
                }
                result.add(new Link(entry.getValue(), key));
            }
            if (next == null || listPages.contains(nextKey)) {
                return result;
            }
            if (fresh == 0 && !pageToEnd) {
                log.debug("site {}: nothing new on list page {}, paging stops", site.id(), current);
                return result;
            }
            if (pageNumber >= site.maxListPages()) {
                log.info("site {}: list {} has more pages than max-list-pages ({})", site.id(), listUri, pageNumber);
                return result;
            }
            page = next;
            pageNumber++;
            return result;
        }

        /** Adds the page URLs of a sitemap or feed; a sitemap index is followed one level deep. */
        private List<Link> readFeed(URI feed, boolean followIndex) throws InterruptedException {
            String key = CanonicalUrls.canonical(feed.toString());
            FetchResult result = fetches.fetch(feed, key, "feed");
            if (result == null) {
                return List.of();
            }
            if (!result.isSuccess()) {
                log.warn("site {}: feed {} answered {}", site.id(), feed, result.status());
                fetches.unreadable();
                return List.of();
            }
            FeedLinks.Parsed parsed;
            try {
                parsed = feeds.parse(result.body(), result.mediaType(), result.finalUri());
            } catch (IOException e) {
                log.warn("site {}: {}", site.id(), e.getMessage());
                fetches.unreadable();
                return List.of();
            }
            // An index is read in full every time: a child sitemap can change while the index stays the same.
            if (parsed.sitemaps().isEmpty()) {
                fetches.read(key, result);
            } else {
                fetches.readAlwaysInFull(key);
            }
            if (followIndex) {
                List<URI> children = parsed.sitemaps();
                // Read right after their index, before the next configured feed.
                for (int i = Math.min(children.size(), MAX_CHILD_SITEMAPS) - 1; i >= 0; i--) {
                    if (!site.feedUris().contains(children.get(i))) {
                        feedQueue.addFirst(children.get(i));
                    }
                }
            }
            for (URI elsewhere : parsed.otherHosts()) {
                otherHostLinks.add(CanonicalUrls.canonical(elsewhere.toString()));
            }
            List<Link> pages = new ArrayList<>(parsed.pages().size());
            for (URI p : parsed.pages()) {
                pages.add(new Link(p, CanonicalUrls.canonical(p.toString())));
            }
            return pages;
        }
    }
}
