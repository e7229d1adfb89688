package org.gongkai.ingest.site;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.gongkai.ingest.url.AllowedNetworks;
import org.gongkai.ingest.url.Urls;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jsoup.select.Selector;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One disclosure portal to crawl ({@code gongkai.ingest.sites[n].*}).
 *
 * @param id                  stable identifier, lower-case letters, digits and dashes; becomes {@code siteId} of
 *                            every notice
 * @param name                human-readable name, for logs and the {@code crawl} endpoint; defaults to the id
 * @param listUrls            http(s) URLs of the list pages whose links lead to notices; at least one
 * @param allowedNetworks     non-public networks (CIDR, IPv4 or IPv6, e.g. {@code 10.1.2.0/24}, {@code
 *                            fd00:1::/64}; a bare address is one host) this site's pages, redirects, robots.txt
 *                            and attachments may resolve to; public addresses are always allowed. Default none.
 *                            Loopback only when listed ({@code 127.0.0.0/8}, {@code ::1}: local test and demo
 *                            portals). Link-local (169.254.0.0/16, fe80::/10), cloud metadata, unspecified and
 *                            multicast addresses can never be listed: a network overlapping them fails at start
 * @param allowPrivateNetwork removed (it switched the guard off for every address, metadata included): set, it
 *                            fails at start with a message naming {@code allowed-networks}
 * @param charset             charset to decode this site's pages with when they carry no byte-order mark,
 *                            overriding headers, {@code <meta>} and detection; for sites that declare it wrong
 * @param linkSelector        CSS selector of the notice links on the list pages (elements that are links, or
 *                            contain them); by default every link on the page is a candidate
 * @param maxPages            most linked pages fetched in one crawl of this site; default 500
 * @param pagination          how further list pages are found: {@code auto} (default: {@code
 *                            dataproxy.jsp} recordset windows, the {@code createPageHTML(…)} script, "下一页"/next links, the {@code index_N.html} series) or
 *                            {@code none} (only the configured list URLs)
 * @param feedUrls            http(s) URLs of sitemaps (XML, index or text) and RSS/Atom feeds: extra sources of
 *                            notice URLs, read after the list pages; optional
 * @param maxListPages        most list pages followed from each list URL in one crawl; default 10. Paging stops
 *                            earlier once a page brings no link that is not known yet (lists are newest first)
 * @param schedule            time between the starts of two crawls of this site, overriding {@code
 *                            gongkai.ingest.crawl-interval}; optional, positive
 * @param politeness          politeness overrides for the hosts of this site's list and feed URLs; optional
 * @param revisitMin          shortest revisit interval of this site's notices, overriding {@code
 *                            gongkai.ingest.state.revisit-min}; optional, not negative
 * @param revisitMax          longest revisit interval of this site's notices, overriding {@code
 *                            gongkai.ingest.state.revisit-max}; optional, positive. Their order (with the global
 *                            bounds a site does not override) is checked by {@link RevisitBounds}, once, on the
 *                            key to change
 * @param mirror              whether this site republishes notices whose originals are elsewhere (the government
 *                            portal's copies of a department's pages, a mirror without pinyin glosses): every notice
 *                            crawled from it carries {@code mirror: true} in its raw event, the enricher flags it
 *                            {@code declared_mirror}, and the portal's queries let an original copy on another site
 *                            represent the notice (docs/portal-search.md, "One result per notice"). A notice known only
 *                            from such a site is still found (and represents itself). Default false. Read at each
 *                            publish; the site's next crawl after a change republishes its notices, so those indexed
 *                            before take the new value (the crawl mark records the value the last crawl used)
 */
public record Site(
        @NotNull @Pattern(regexp = "[a-z0-9-]+", message = "must consist of a-z, 0-9 and -")
        String id,

        String name,

        @NotEmpty
        List<@NotNull @Pattern(regexp = "(?i)https?://[^\\s/?#]+\\S*", message = "must be an http(s) URL") String>
                listUrls,

        List<@NotNull String> allowedNetworks,
        @Deprecated Boolean allowPrivateNetwork,
        String charset,
        String linkSelector,
        @DefaultValue("500") @Min(1) @Max(100_000) int maxPages,
        @DefaultValue("auto") @NotNull Pagination pagination,
        @DefaultValue("10") @Min(1) @Max(10_000) int maxListPages,
        List<@NotNull @Pattern(regexp = "(?i)https?://[^\\s/?#]+\\S*", message = "must be an http(s) URL") String>
                feedUrls,
        Duration schedule,
        @Valid SitePoliteness politeness,
        @DurationMin(message = "must not be negative") Duration revisitMin,

        @DurationMin(nanos = 1, message = "must be positive")
        Duration revisitMax,

        @DefaultValue("false") boolean mirror) {

    /**
     * Per-site politeness ({@code gongkai.ingest.sites[n].politeness.*}).
     *
     * @param minDelay least time between two requests to one of the site's list and feed hosts, overriding
     *                 {@code gongkai.ingest.politeness.min-delay} (a longer robots.txt {@code Crawl-delay} still
     *                 wins; where two sites share a host, the longer override applies); optional, not negative
     */
    public record SitePoliteness(Duration minDelay) {}

    /** The hosts of the list and feed URLs, lower-case. */
    public Set<String> hosts() {
        Set<String> hosts = new LinkedHashSet<>();
        listUris().forEach(u -> hosts.add(u.getHost().toLowerCase(Locale.ROOT)));
        feedUris().forEach(u -> hosts.add(u.getHost().toLowerCase(Locale.ROOT)));
        return hosts;
    }

    /** The per-site minimum delay, if configured. */
    public Optional<Duration> minDelay() {
        return Optional.ofNullable(politeness).map(SitePoliteness::minDelay);
    }

    @AssertTrue(message = "politeness.min-delay must not be negative")
    public boolean isMinDelayValid() {
        return minDelay().map(d -> !d.isNegative()).orElse(true);
    }

    /** This site's shortest revisit interval: its {@code revisit-min}, else the given default. */
    public Duration revisitMin(Duration defaultMin) {
        return revisitMin != null ? revisitMin : defaultMin;
    }

    /** This site's longest revisit interval: its {@code revisit-max}, else the given default. */
    public Duration revisitMax(Duration defaultMax) {
        return revisitMax != null ? revisitMax : defaultMax;
    }

    /** How further list pages are found. */
    public enum Pagination {
        /** Detect the page series, script or next link. */
        AUTO,
        /** Only the configured list URLs. */
        NONE
    }

    public Site {
        listUrls = listUrls == null ? List.of() : List.copyOf(listUrls);
        name = name == null || name.isBlank() ? id : name;
        charset = charset == null || charset.isBlank() ? null : charset.strip();
        linkSelector = linkSelector == null || linkSelector.isBlank() ? null : linkSelector.strip();
        pagination = pagination == null ? Pagination.AUTO : pagination;
        feedUrls = feedUrls == null ? List.of() : List.copyOf(feedUrls);
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }

    /** The non-public networks this site may reach (parsed per call: a few entries, microseconds). */
    public AllowedNetworks networks() {
        return AllowedNetworks.of(allowedNetworks);
    }

    @AssertTrue(
            message =
                    "allow-private-network is no longer supported: list the networks the site may reach"
                            + " instead, e.g. allowed-networks: [10.1.2.0/24, fd00:1::/64] (127.0.0.0/8 for a portal on loopback)")
    public boolean isAllowPrivateNetworkUnset() {
        return allowPrivateNetwork == null;
    }

    @AssertTrue(
            message = "allowed-networks must be IPv4/IPv6 networks in CIDR notation outside link-local"
                    + " (169.254.0.0/16, fe80::/10), cloud metadata (169.254.169.254, fd00:ec2::254, 100.100.100.200,"
                    + " 192.0.0.192), unspecified (0.0.0.0/8, ::) and multicast addresses")
    public boolean isAllowedNetworksValid() {
        try {
            networks();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** This site's crawl interval: its {@code schedule}, else the given default. */
    public Duration crawlInterval(Duration defaultInterval) {
        return schedule != null ? schedule : defaultInterval;
    }

    @AssertTrue(message = "schedule must be positive")
    public boolean isSchedulePositive() {
        return schedule == null || (!schedule.isNegative() && !schedule.isZero());
    }

    /** The feed URLs as URIs. */
    public List<URI> feedUris() {
        return feedUrls.stream().map(Urls::parse).toList();
    }

    /** The list URLs as URIs (characters not allowed in URIs, e.g. Chinese path segments, percent-encoded). */
    public List<URI> listUris() {
        return listUrls.stream().map(Urls::parse).toList();
    }

    /** The configured charset override, if any. */
    public Optional<Charset> charsetOverride() {
        return Optional.ofNullable(charset).map(Charset::forName);
    }

    @AssertTrue(message = "list-urls must be valid http(s) URLs")
    public boolean isListUrlsParseable() {
        try {
            listUris();
            feedUris();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @AssertTrue(message = "charset must be a charset this JVM supports")
    public boolean isCharsetSupported() {
        try {
            return charset == null || Charset.isSupported(charset);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @AssertTrue(message = "link-selector must be a valid CSS selector")
    public boolean isLinkSelectorValid() {
        try {
            if (linkSelector != null) {
                Selector.evaluatorOf(linkSelector);
            }
            return true;
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            return false;
        }
    }
}
