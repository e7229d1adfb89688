package org.gongkai.ingest.fetch;

import java.net.URI;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.gongkai.ingest.site.Site;
import org.gongkai.ingest.url.AllowedNetworks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the crawler sends requests (pages, list pages, feeds, attachments). For each URL, in this order:
 * hosts deferred earlier in the same crawl are skipped, the host must be assigned to this instance ({@link
 * HostAssignment}, held for the request), the SSRF guard vets the address (before robots.txt, so a refused host
 * is reported as refused and not marked unavailable), robots.txt must allow it, then the {@link HttpFetcher}
 * fetches it politely. Each redirect target is checked the same way before it is requested (session 13): the
 * guard, a deferred host, then its own origin's robots.txt (fetched and cached like any other, paced by that host's
 * politeness); a target robots.txt disallows ends the fetch as {@link NotFetchedException.Reason#DENIED}, one whose
 * robots.txt is unavailable defers the target's host, with {@link NotFetchedException#redirectTarget()} set. A host that is paused, whose robots.txt is unavailable or that moved to another instance
 * is deferred for the rest of the crawl ({@link Session}). A session also notes which hosts answered its requests
 * in a way that shows them up ({@link Session#hostAnswered}, {@link AnsweringHosts}; session 15) and, for a 5xx of
 * a host that answered nothing else or that the page's retries paused, asks its robots.txt whether it is up ({@link
 * Session#hostUp}; sessions 17–19; {@link HostUpProbe}).
 *
 * <p>Thread-safe; a {@link Session} may be shared by the threads working on one crawl.
 */
public final class FetchGate {

    private static final Logger log = LoggerFactory.getLogger(FetchGate.class);

    private final HostAssignment assignment;
    private final HttpFetcher fetcher;
    private final RobotsPolicy robots;

    public FetchGate(HostAssignment assignment, HttpFetcher fetcher, RobotsPolicy robots) {
        this.assignment = assignment;
        this.fetcher = fetcher;
        this.robots = robots;
    }

    /** A gate for one crawl of {@code site}: its hosts deferred so far are remembered until the crawl ends. */
    public Session open(Site site) {
        return new Session(site);
    }

    /** The fetches of one crawl of one site. */
    private static final Predicate<URI> NOTHING_HANDLED = target -> false;

    public final class Session {
        private final Site site;
        /** Parsed once per crawl: parsing it for every request cost more than the guard's check itself. */
        private final AllowedNetworks networks;

        private final Set<String> deferredHosts = ConcurrentHashMap.newKeySet();
        /**
         * The hosts of the site's lists: of its list and feed URLs, and of the final URLs its list pages and feeds
         * answered from in this crawl (a list URL may redirect to another host, whose pages its links are).
         */
        private final Set<String> listHosts = ConcurrentHashMap.newKeySet();

        /** Every host this crawl asked or is about to ask for something: its lists', its pages', redirect targets'. */
        private final Set<String> hosts = ConcurrentHashMap.newKeySet();

        /** Whether its hosts are up, for a page's 5xx: their answers in this crawl, a robots.txt probe. */
        private final HostUpProbe hostsUp;

        private Session(Site site) {
            this.site = site;
            this.networks = site.networks();
            this.hostsUp = new HostUpProbe(
                    site.id(), networks, robots, fetcher.politeness(), assignment, deferredHosts::contains);
            site.listUris().forEach(uri -> listHosts.add(hostOf(uri)));
            site.feedUris().forEach(uri -> listHosts.add(hostOf(uri)));
            hosts.addAll(listHosts);
        }

        /**
         * The hosts this crawl has asked, or is about to ask, for a page, a list, a robots.txt or a redirect target
         * so far, its lists' hosts from the start: the hosts whose turns it may be waiting for (progress, {@code
         * waitingForPoliteness}; session 18's trial counted the lists' hosts only). A live view, safe to read from
         * other threads.
         */
        public Set<String> hosts() {
            return Collections.unmodifiableSet(hosts);
        }

        public Site site() {
            return site;
        }

        /**
         * Whether a host of the site's lists was deferred in this crawl ({@link #isListHost}): then pages the lists
         * link, or later list pages, were held back, and only a later walk of the lists finds them again. A deferred
         * host that is not one of them (a redirect target's) holds back links that are remembered as due instead
         * (session 17); an attachment held back is tried again when its notice changes, whatever the crawl.
         */
        public boolean deferredListHost() {
            return deferredHosts.stream().anyMatch(listHosts::contains);
        }

        /**
         * Notes that a list page or feed answered from {@code finalUri}: its host is one of the lists' hosts (the
         * pages its links lead to are on it).
         */
        public void listAnsweredFrom(URI finalUri) {
            listHosts.add(hostOf(finalUri));
        }

        /**
         * Whether {@code host} (as {@link NotFetchedException#deferredHost()} names it) is a host of the site's lists:
         * of a list or feed URL, or one a list page or feed answered from in this crawl so far.
         */
        public boolean isListHost(String host) {
            return listHosts.contains(host);
        }

        /**
         * Whether {@code uri}'s host answered a request of this crawl in a way that shows it up (a 2xx, 3xx, 304,
         * 404 or 410 of a page, or its robots.txt served (2xx) in this crawl; {@link AnsweringHosts}): then a 5xx or
         * 429 of one of its pages is that page's fault.
         */
        public boolean hostAnswered(URI uri) {
            return hostsUp.answered(uri);
        }

        /**
         * Whether {@code uri}'s host is up, for the 5xx of one of its pages: it answered a request of this crawl, or
         * it serves its robots.txt when asked now, once a host and crawl, and once more when the page's retries paused
         * it ({@link HostUpProbe#up}: what is probed when, and what decides).
         *
         * @throws InterruptedException when the thread is interrupted (shutdown)
         */
        public boolean hostUp(URI uri) throws InterruptedException {
            return hostsUp.up(uri);
        }

        /** Fetches with the page limits. */
        public FetchResult fetch(URI uri, Validators validators) throws NotFetchedException, InterruptedException {
            return fetch(uri, validators, null, NOTHING_HANDLED);
        }

        /**
         * Fetches a page with the page limits, not requesting a redirect target that {@code handled} says this crawl
         * has handled already: the chain ends before it, and the result is the redirect that led there (its status,
         * no body, the target as the final URI), so a link to a page visited through another link costs no second
         * request of that page (nor of its host's robots.txt).
         */
        public FetchResult fetch(URI uri, Validators validators, Predicate<URI> handled)
                throws NotFetchedException, InterruptedException {
            return fetch(uri, validators, null, handled);
        }

        /**
         * Fetches {@code uri} unless robots.txt denies it, its host is deferred or refused.
         *
         * @param limits other size and time bounds (attachments), or null for the page limits
         * @throws NotFetchedException with the reason when the URL was not fetched or its fetch failed
         */
        public FetchResult fetch(URI uri, Validators validators, FetchLimits limits)
                throws NotFetchedException, InterruptedException {
            return fetch(uri, validators, limits, NOTHING_HANDLED);
        }

        private FetchResult fetch(URI uri, Validators validators, FetchLimits limits, Predicate<URI> handled)
                throws NotFetchedException, InterruptedException {
            String host = hostOf(uri);
            hosts.add(host);
            if (deferredHosts.contains(host)) {
                throw deferred("deferred: host " + host + " is deferred in this crawl", host);
            }
            if (!assignment.enter(host)) {
                log.info("site {}: host {} belongs to another instance now; its pages deferred", site.id(), host);
                deferredHosts.add(host);
                throw deferred("deferred: host " + host + " belongs to another instance", host);
            }
            try {
                return fetchOwned(uri, host, validators, limits, handled);
            } finally {
                assignment.exit(host);
            }
        }

        private FetchResult fetchOwned(
                URI uri, String host, Validators validators, FetchLimits limits, Predicate<URI> handled)
                throws NotFetchedException, InterruptedException {
            try {
                fetcher.vet(uri, networks);
            } catch (BlockedAddressException e) {
                log.warn("site {}: {}", site.id(), e.getMessage());
                throw new NotFetchedException(NotFetchedException.Reason.REFUSED, "refused: " + e.getMessage(), false);
            }
            switch (robots.check(uri, networks, hostsUp::robotsFetched)) {
                case DENIED -> {
                    log.debug("site {}: {} disallowed by robots.txt", site.id(), uri);
                    throw new NotFetchedException(
                            NotFetchedException.Reason.DENIED, "not fetched: disallowed by robots.txt", false);
                }
                case DEFERRED -> {
                    log.info("site {}: robots.txt of {} unavailable, its pages deferred", site.id(), host);
                    deferredHosts.add(host);
                    throw deferred("deferred: robots.txt of " + host + " unavailable", host);
                }
                case ALLOWED -> {}
            }
            try {
                // each hop that answered with a redirect shows its host up (the first one's, the link's host)
                URI[] from = {uri};
                FetchResult result = fetcher.fetch(uri, networks, validators, limits, hop -> {
                    hostsUp.redirected(from[0]);
                    from[0] = hop;
                    return followRedirect(hop, handled);
                });
                hostsUp.record(result);
                return result;
            } catch (RedirectNotFollowedException e) {
                if (e.deferred()) {
                    String targetHost = hostOf(e.target());
                    log.info("site {}: {}; its pages deferred", site.id(), e.getMessage());
                    deferredHosts.add(targetHost);
                    throw new NotFetchedException(
                            NotFetchedException.Reason.DEFERRED,
                            "deferred: " + e.getMessage(),
                            true,
                            e.target(),
                            targetHost);
                }
                log.info("site {}: {} not followed: {}", site.id(), uri, e.getMessage());
                throw new NotFetchedException(
                        NotFetchedException.Reason.DENIED, "not fetched: " + e.getMessage(), false, e.target());
            } catch (HostPausedException e) {
                // the paused host may be a redirect target's, not the link's: defer that one only
                log.info("site {}: {}; its pages deferred to a later crawl", site.id(), e.getMessage());
                deferredHosts.add(e.host());
                throw deferred("deferred: " + e.getMessage(), e.host());
            } catch (BlockedAddressException e) {
                log.warn("site {}: {}", site.id(), e.getMessage());
                throw new NotFetchedException(NotFetchedException.Reason.REFUSED, "refused: " + e.getMessage(), false);
            } catch (FetchException e) {
                log.warn("site {}: {} ({} fault)", site.id(), e.getMessage(), e.hostFault() ? "host" : "page");
                throw new NotFetchedException(
                        NotFetchedException.Reason.FAILED, "fetch failed: " + e.getMessage(), e.hostFault());
            }
        }

        /**
         * A redirect target, vetted by the guard already: not requested when this crawl handled it already; refused
         * when its host is deferred in this crawl or its robots.txt disallows it.
         */
        private boolean followRedirect(URI target, Predicate<URI> handled)
                throws RedirectNotFollowedException, InterruptedException {
            if (handled.test(target)) {
                return false;
            }
            hosts.add(hostOf(target));
            if (deferredHosts.contains(hostOf(target))) {
                throw new RedirectNotFollowedException(target, true);
            }
            switch (robots.check(target, networks, hostsUp::robotsFetched)) {
                case DENIED -> throw new RedirectNotFollowedException(target, false);
                case DEFERRED -> throw new RedirectNotFollowedException(target, true);
                case ALLOWED -> {}
            }
            return true;
        }

        private static NotFetchedException deferred(String message, String host) {
            return new NotFetchedException(NotFetchedException.Reason.DEFERRED, message, true, null, host);
        }
    }

    /** The host as politeness names it ({@link HostPausedException#host()}): lower case, IPv6 without brackets. */
    static String hostOf(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return "";
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.toLowerCase(Locale.ROOT);
    }
}
