package org.gongkai.ingest.extract;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gongkai.ingest.url.CanonicalUrls;
import org.gongkai.ingest.url.Urls;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.Selector;

/**
 * Finds the candidate notice links of a list page: absolute http(s) URLs on the page's own host (links to other
 * hosts are not followed — a scope and politeness choice; the crawl counts them, see {@link
 * #extractByCanonical(Document, URI, String, Set)}), without fragments, de-duplicated by canonical URL in page order. Skipped: empty and {@code #} links,
 * {@code javascript:}, {@code mailto:} and other non-http schemes, links back to the page itself, and
 * attachments and media recognised by their file extension (PDF, Office, WPS, OFD, archives, images, …).
 * Links to {@code .txt} files are followed: notices are published as text files too (crawl extracts, mirror
 * copies), and notice recognition decides.
 * Relative links resolve against the document's base URI, which honours {@code <base href>}. Stateless and
 * thread-safe.
 */
public final class LinkExtractor {

    /**
     * {@code a[href]}, parsed once: {@code select(String)} parses its query on every call (jsoup keeps no cache),
     * ~1 % of the crawler's CPU in the end-to-end stage (session 10). jsoup's evaluators hold no state between
     * selects, so one is shared by all threads.
     */
    static final Evaluator LINKS = Selector.evaluatorOf("a[href]");

    /** File extensions that mark a link as an attachment or asset, not a notice page. */
    public static final Set<String> NON_PAGE_EXTENSIONS = Set.of(
            "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps", "ofd", "rtf", "csv", "zip", "rar",
            "7z", "gz", "tar", "jpg", "jpeg", "png", "gif", "bmp", "svg", "webp", "tif", "tiff", "mp3", "mp4", "avi",
            "wmv", "flv", "mov", "css", "js", "xml", "json", "exe", "apk", "ceb", "caj");

    /**
     * The links of {@code page}.
     *
     * @param pageUri      URL of the page (after redirects): its host is the only one followed
     * @param linkSelector CSS selector of link elements or of elements containing them, or null for all links
     */
    public List<URI> extract(Document page, URI pageUri, String linkSelector) {
        return new ArrayList<>(extractByCanonical(page, pageUri, linkSelector).values());
    }

    /**
     * {@link #extract}, each link with its canonical URL ({@code CanonicalUrls.canonical(uri.toString())}), the
     * key the links were de-duplicated by: the caller need not canonicalise them again.
     */
    public Map<String, URI> extractByCanonical(Document page, URI pageUri, String linkSelector) {
        return extractByCanonical(page, pageUri, linkSelector, null);
    }

    /**
     * {@link #extractByCanonical(Document, URI, String)}, adding to {@code otherHosts} the canonical URLs of the
     * page links (not attachments or assets) left out for being on another host, so the crawl can count them.
     *
     * @param otherHosts where those go, or null
     */
    public Map<String, URI> extractByCanonical(
            Document page, URI pageUri, String linkSelector, Set<String> otherHosts) {
        String host = pageUri.getHost() == null ? "" : pageUri.getHost().toLowerCase(Locale.ROOT);
        String self = canonical(pageUri.toString());
        Map<String, URI> links = new LinkedHashMap<>();
        for (Element anchor : anchors(page, linkSelector)) {
            URI uri = httpTarget(anchor);
            if (uri == null || isNonPage(uri)) {
                continue;
            }
            if (!uri.getHost().equalsIgnoreCase(host)) {
                String key = otherHosts == null ? null : canonical(uri.toString());
                if (key != null) {
                    otherHosts.add(key);
                }
                continue;
            }
            String key = canonical(uri.toString());
            if (key != null && !key.equals(self)) {
                links.putIfAbsent(key, uri);
            }
        }
        return links;
    }

    /**
     * The links inside {@code <record><![CDATA[…]]></record>} list data (the {@code recordset} of
     * {@code /col/colN/index.html} portals, inline in a script or served by {@code dataproxy.jsp}), which an HTML
     * parser does not see as links. Same rules as {@link #extract}.
     *
     * @param html the list page or data response as text
     */
    public List<URI> extractRecords(String html, URI pageUri, String linkSelector) {
        return new ArrayList<>(
                extractRecordsByCanonical(html, pageUri, linkSelector).values());
    }

    /** {@link #extractRecords}, each link with its canonical URL (see {@link #extractByCanonical}). */
    public Map<String, URI> extractRecordsByCanonical(String html, URI pageUri, String linkSelector) {
        return extractRecordsByCanonical(html, pageUri, linkSelector, null);
    }

    /** {@link #extractRecordsByCanonical(String, URI, String)}, collecting links to other hosts as {@link
     * #extractByCanonical(Document, URI, String, Set)} does. */
    public Map<String, URI> extractRecordsByCanonical(
            String html, URI pageUri, String linkSelector, Set<String> otherHosts) {
        if (!html.contains("<record")) {
            return Map.of();
        }
        StringBuilder fragments = new StringBuilder();
        for (String record : Tags.cdataOf(html, "record")) {
            fragments.append(record).append('\n');
        }
        if (fragments.isEmpty()) {
            return Map.of();
        }
        Document records = Jsoup.parseBodyFragment(fragments.toString(), pageUri.toString());
        return extractByCanonical(records, pageUri, linkSelector, otherHosts);
    }

    /** File extensions of the attachments listed with a notice (documents, not images or media). */
    public static final Set<String> ATTACHMENT_EXTENSIONS =
            Set.of("pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "dps", "ppt", "pptx", "ofd", "rtf", "txt", "csv");

    /** Most attachments listed per notice. */
    public static final int MAX_ATTACHMENTS = 50;

    /**
     * An attachment link of a notice page.
     *
     * @param url  absolute http(s) URL (any host: attachments often live on a file server)
     * @param name the link text, else the file name
     */
    public record AttachmentLink(URI url, String name) {}

    /**
     * The document attachments a notice page links to (PDF, Word, Excel, WPS, OFD, …), de-duplicated, in page
     * order, at most {@value #MAX_ATTACHMENTS}.
     */
    public List<AttachmentLink> attachments(Document page) {
        Map<String, AttachmentLink> found = new LinkedHashMap<>();
        for (Element anchor : page.select(LINKS)) {
            if (found.size() >= MAX_ATTACHMENTS) {
                break;
            }
            URI uri = httpTarget(anchor);
            if (uri != null && ATTACHMENT_EXTENSIONS.contains(extension(uri))) {
                String text = anchor.text().strip();
                String path = uri.getPath() == null ? "" : uri.getPath();
                String name = text.isEmpty() ? path.substring(path.lastIndexOf('/') + 1) : text;
                found.putIfAbsent(uri.toString(), new AttachmentLink(uri, name));
            }
        }
        return new ArrayList<>(found.values());
    }

    /** The anchor's absolute http(s) URL with a host; null for fragments, other schemes and unparseable hrefs. */
    private static URI httpTarget(Element anchor) {
        String href = anchor.attr("href").strip();
        if (href.isEmpty() || href.startsWith("#") || hasNonHttpScheme(href)) {
            return null;
        }
        URI uri;
        try {
            uri = Urls.parse(anchor.absUrl("href"));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri : null;
    }

    private static String extension(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        return dot < 0 ? "" : last.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static List<Element> anchors(Document page, String linkSelector) {
        if (linkSelector == null) {
            return page.select(LINKS);
        }
        List<Element> anchors = new ArrayList<>();
        for (Element selected : page.select(linkSelector)) {
            if (selected.nameIs("a") && selected.hasAttr("href")) {
                anchors.add(selected);
            } else {
                anchors.addAll(selected.select(LINKS));
            }
        }
        return anchors;
    }

    private static boolean hasNonHttpScheme(String href) {
        int colon = href.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String scheme = href.substring(0, colon).toLowerCase(Locale.ROOT);
        return scheme.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')
                && !scheme.equals("http")
                && !scheme.equals("https");
    }

    private static boolean isNonPage(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        return dot >= 0 && NON_PAGE_EXTENSIONS.contains(last.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String canonical(String url) {
        try {
            return CanonicalUrls.canonical(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
