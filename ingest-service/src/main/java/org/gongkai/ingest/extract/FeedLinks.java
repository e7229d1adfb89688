package org.gongkai.ingest.extract;

import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.gongkai.ingest.url.Urls;

/**
 * Reads notice URLs from sitemaps (XML, sitemap index, plain text) and RSS/Atom feeds with crawler-commons'
 * {@link SiteMapParser} in lenient mode (URLs anywhere on the feed's host are accepted). Page URLs come newest
 * first where the feed dates them (undated ones after); only same-host http(s) pages that are not attachments are
 * kept. Pages on another host are told apart (not followed, as a list page's links to other hosts: the crawl counts
 * them); attachments on another host are not.
 *
 * <p>A gzipped sitemap ({@code sitemap.xml.gz}, recognised by its magic bytes whatever the Content-Type) is inflated
 * here, at most {@link #MAX_INFLATED_BYTES} (the sitemap protocol's 50 MB limit for an uncompressed sitemap; a
 * compression bomb of a few KB would otherwise inflate without bound inside the parser); a longer one is refused.
 * (A body sent with {@code Content-Encoding: gzip} was already decoded by the fetcher under its body cap.)
 * Thread-safe (a parser per call).
 */
public final class FeedLinks {

    /** Most bytes a gzipped sitemap may inflate to: the protocol's limit for an uncompressed sitemap. */
    public static final int MAX_INFLATED_BYTES = SiteMapParser.MAX_BYTES_ALLOWED;

    private final int maxInflatedBytes;

    public FeedLinks() {
        this(MAX_INFLATED_BYTES);
    }

    /** @param maxInflatedBytes most bytes a gzipped sitemap may inflate to */
    public FeedLinks(int maxInflatedBytes) {
        this.maxInflatedBytes = maxInflatedBytes;
    }

    /**
     * What a feed lists.
     *
     * @param pages      page URLs, newest first where dated
     * @param sitemaps   further sitemaps listed by a sitemap index
     * @param otherHosts page URLs (http(s), not attachments) on another host than the feed's, left out of {@code
     *                   pages}: not followed
     */
    public record Parsed(List<URI> pages, List<URI> sitemaps, List<URI> otherHosts) {}

    /**
     * Parses a fetched feed.
     *
     * @param contentType the response's media type (may be empty: the content decides)
     * @throws IOException when the content is no sitemap or feed, or a gzipped one inflates to more than the limit
     */
    public Parsed parse(byte[] content, String contentType, URI url) throws IOException {
        SiteMapParser parser = new SiteMapParser(false);
        AbstractSiteMap map;
        try {
            if (isGzip(content)) {
                // The parser detects XML or text from the inflated bytes.
                map = parser.parseSiteMap(inflate(content, url), url.toURL());
            } else {
                map = parser.parseSiteMap(
                        contentType == null || contentType.isBlank() ? "text/xml" : contentType, content, url.toURL());
            }
        } catch (UnknownFormatException | MalformedURLException e) {
            throw new IOException("not a sitemap or feed: " + url + " (" + e.getMessage() + ")", e);
        }
        if (map instanceof SiteMapIndex index) {
            List<URI> children = new ArrayList<>();
            for (AbstractSiteMap child : index.getSitemaps()) {
                httpUri(child.getUrl().toString()).filter(u -> sameHost(u, url)).ifPresent(children::add);
            }
            return new Parsed(List.of(), children, List.of());
        }
        List<SiteMapURL> entries = new ArrayList<>(((SiteMap) map).getSiteMapUrls());
        entries.sort(Comparator.comparing(
                SiteMapURL::getLastModified, Comparator.nullsLast(Comparator.<Date>reverseOrder())));
        List<URI> pages = new ArrayList<>();
        List<URI> otherHosts = new ArrayList<>();
        for (SiteMapURL entry : entries) {
            httpUri(entry.getUrl().toString())
                    .filter(u -> !isAttachment(u))
                    .ifPresent(u -> (sameHost(u, url) ? pages : otherHosts).add(u));
        }
        return new Parsed(pages, List.of(), otherHosts);
    }

    private static boolean isGzip(byte[] content) {
        return content.length >= 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b;
    }

    /** Inflates all gzip members, refusing more than {@code maxInflatedBytes}. */
    private byte[] inflate(byte[] content, URI url) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + (long) n > maxInflatedBytes) {
                    throw new IOException("gzipped sitemap " + url + " inflates to more than " + maxInflatedBytes
                            + " bytes: refused");
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static boolean sameHost(URI uri, URI feed) {
        return uri.getHost().equalsIgnoreCase(feed.getHost());
    }

    /** The link as an absolute http(s) URI with a host, else empty. */
    private static java.util.Optional<URI> httpUri(String link) {
        try {
            URI uri = Urls.parse(link);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return java.util.Optional.of(uri);
            }
        } catch (IllegalArgumentException e) {
            // skipped
        }
        return java.util.Optional.empty();
    }

    private static boolean isAttachment(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        return dot >= 0
                && LinkExtractor.NON_PAGE_EXTENSIONS.contains(
                        last.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
