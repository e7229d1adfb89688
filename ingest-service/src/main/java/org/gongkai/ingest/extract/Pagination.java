package org.gongkai.ingest.extract;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gongkai.ingest.url.Urls;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds the next page of a list page in auto mode, trying in this order:
 *
 * <ol>
 *   <li>the {@code <nextgroup><![CDATA[<a href="…">]]></nextgroup>} element of Hanweb/TRS recordset list data
 *       ({@code dataproxy.jsp} answers and column pages with inline records): the next group's URL;
 *   <li>the record window of a {@code dataproxy.jsp} request ({@code startrecord}, {@code perpage}) while the
 *       answer's {@code totalrecord} is not reached;
 *   <li>the TRS-style script call {@code createPageHTML(total, current, "index", "html")} (also with a leading
 *       element id argument): the next page is {@code index_<current+1>.html} while {@code current + 1 < total};
 *   <li>a link whose text is "下一页" (or 下页, 下一頁, 后一页, next, ›, &gt;);
 *   <li>a link to the next member of an {@code index_N.html} series: from {@code index.html} to {@code
 *       index_1.html}, from {@code index_3.html} to {@code index_4.html}, in the same directory.
 * </ol>
 *
 * Only same-host http(s) pages are returned. Stateless and thread-safe.
 */
public final class Pagination {

    private static final Pattern CREATE_PAGE_HTML = Pattern.compile(
            "createPageHTML\\(\\s*(?:['\"][^'\"]*['\"]\\s*,\\s*)?['\"]?(\\d+)['\"]?\\s*,\\s*['\"]?(\\d+)['\"]?\\s*,"
                    + "\\s*['\"]([\\w.-]+)['\"]\\s*,\\s*['\"](\\w+)['\"]");
    private static final Pattern TOTAL_RECORD =
            Pattern.compile("(?i)<totalrecord>\\s*(\\d+)\\s*</totalrecord>|\\btotalRecord\\s*[=:]\\s*['\"]?(\\d+)");
    private static final Pattern SERIES = Pattern.compile("^(.+?)(?:_(\\d+))?\\.(s?html?|jsp|php|aspx?)$");
    /** White space removed from a link's text before it is compared with {@link #NEXT_TEXTS}; compiled once. */
    private static final Pattern SPACES = Pattern.compile("[\\s\\u3000\\u00a0]+");

    private static final Set<String> NEXT_TEXTS =
            Set.of("下一页", "下页", "下一頁", "后一页", "後一頁", "next", "nextpage", "next»", "next>", "›", ">", "下一页>", "下一页»");

    /** The next page after {@code page}, whose decoded HTML is {@code html}; empty on the last page. */
    public Optional<URI> next(Document document, String html, URI page) {
        Optional<URI> next = fromNextGroup(html, page)
                .or(() -> fromRecordset(html, page))
                .or(() -> fromScript(html, page))
                .or(() -> fromNextLink(document, page))
                .or(() -> fromSeries(document, page));
        return next.filter(uri -> sameHost(uri, page) && !uri.equals(page));
    }

    /** Whether {@code link} belongs to the {@code index_N.html} series of the list page {@code page}. */
    public boolean isSeriesPage(URI link, URI page) {
        Series base = Series.of(page);
        Series other = Series.of(link);
        return base != null
                && other != null
                && sameHost(link, page)
                && base.directory.equals(other.directory)
                && base.stem.equals(other.stem)
                && base.extension.equals(other.extension);
    }

    /**
     * The URL in a recordset's {@code <nextgroup>} element: the first link of its content (usually a CDATA section
     * holding {@code <a href="…">}), resolved against the page. Empty when there is none or it is empty (the last
     * group).
     */
    static Optional<URI> fromNextGroup(String html, URI page) {
        if (!html.contains("<nextgroup") && !html.contains("<NEXTGROUP")) {
            return Optional.empty();
        }
        String content = Tags.firstContent(html, "nextgroup");
        if (content == null || content.isBlank()) {
            return Optional.empty();
        }
        Element link = Jsoup.parseBodyFragment(content, page.toString()).selectFirst("a[href]");
        if (link == null) {
            return Optional.empty();
        }
        String href = link.attr("href").strip();
        if (href.isEmpty()
                || href.startsWith("#")
                || href.toLowerCase(Locale.ROOT).startsWith("javascript:")) {
            return Optional.empty();
        }
        return resolve(page, link.absUrl("href").isEmpty() ? href : link.absUrl("href"));
    }

    /**
     * The next window of a {@code dataproxy.jsp}-style recordset request: {@code page} carries {@code startrecord}
     * and {@code perpage} (and usually {@code endrecord}), the answer a {@code totalrecord} count; the next request
     * asks for the following {@code perpage} records, until the total is reached.
     */
    static Optional<URI> fromRecordset(String html, URI page) {
        String query = page.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        String startKey = key(params, "startrecord");
        String perPageKey = key(params, "perpage");
        Matcher total = TOTAL_RECORD.matcher(html);
        if (startKey == null || perPageKey == null || !total.find()) {
            return Optional.empty();
        }
        long start;
        long perPage;
        long count;
        try {
            start = Long.parseLong(params.get(startKey));
            perPage = Long.parseLong(params.get(perPageKey));
            count = Long.parseLong(total.group(1) != null ? total.group(1) : total.group(2));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (perPage <= 0 || start + perPage > count) {
            return Optional.empty();
        }
        params.put(startKey, Long.toString(start + perPage));
        String endKey = key(params, "endrecord");
        if (endKey != null) {
            params.put(endKey, Long.toString(Math.min(count, start + 2 * perPage - 1)));
        }
        StringBuilder next = new StringBuilder();
        params.forEach((k, v) ->
                next.append(next.isEmpty() ? "" : "&").append(k).append('=').append(v));
        try {
            return Optional.of(
                    URI.create(page.getScheme() + "://" + page.getRawAuthority() + page.getRawPath() + "?" + next));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String key(Map<String, String> params, String name) {
        return params.keySet().stream()
                .filter(k -> k.equalsIgnoreCase(name))
                .findFirst()
                .orElse(null);
    }

    static Optional<URI> fromScript(String html, URI page) {
        Matcher m = CREATE_PAGE_HTML.matcher(html);
        if (!m.find()) {
            return Optional.empty();
        }
        long total;
        long current;
        try {
            total = Long.parseLong(m.group(1));
            current = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (current + 1 >= total) {
            return Optional.empty();
        }
        return resolve(page, m.group(3) + "_" + (current + 1) + "." + m.group(4));
    }

    private static Optional<URI> fromNextLink(Document document, URI page) {
        for (Element a : document.select(LinkExtractor.LINKS)) {
            String text = SPACES.matcher(a.text()).replaceAll("").toLowerCase(Locale.ROOT);
            String title = a.attr("title").strip();
            if (NEXT_TEXTS.contains(text) || title.equals("下一页")) {
                String href = a.attr("href").strip();
                if (href.isEmpty()
                        || href.startsWith("#")
                        || href.toLowerCase(Locale.ROOT).startsWith("javascript:")) {
                    continue;
                }
                Optional<URI> next = resolve(page, a.absUrl("href").isEmpty() ? href : a.absUrl("href"));
                if (next.isPresent()) {
                    return next;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<URI> fromSeries(Document document, URI page) {
        Series current = Series.of(page);
        if (current == null) {
            return Optional.empty();
        }
        for (Element a : document.select(LinkExtractor.LINKS)) {
            Optional<URI> link = resolve(page, a.absUrl("href"));
            if (link.isEmpty()) {
                continue;
            }
            Series other = Series.of(link.get());
            if (other != null
                    && other.directory.equals(current.directory)
                    && other.stem.equals(current.stem)
                    && other.extension.equals(current.extension)
                    && other.number == current.number + 1) {
                return link;
            }
        }
        return Optional.empty();
    }

    private static Optional<URI> resolve(URI page, String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Urls.resolve(page, reference));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean sameHost(URI a, URI b) {
        String scheme = a.getScheme() == null ? "" : a.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https"))
                && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost());
    }

    /** A page's place in an {@code index_N.html} series; {@code index.html} is number 0. */
    private record Series(String directory, String stem, long number, String extension) {

        static Series of(URI uri) {
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
            if (path.endsWith("/")) {
                path += "index.html";
            }
            int slash = path.lastIndexOf('/');
            Matcher m = SERIES.matcher(path.substring(slash + 1));
            if (!m.matches()) {
                return null;
            }
            long number;
            try {
                number = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
            } catch (NumberFormatException e) {
                return null;
            }
            return new Series(
                    path.substring(0, slash + 1), m.group(1), number, m.group(3).toLowerCase(Locale.ROOT));
        }
    }
}
