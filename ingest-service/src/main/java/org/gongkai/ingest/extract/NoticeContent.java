package org.gongkai.ingest.extract;

import org.gongkai.ingest.fetch.CharsetDetector;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.site.Site;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * How a fetched page is read: which content types may be a notice or a list page (the one place that decides it
 * by content type), and the page decoded with its charset and parsed. Stateless; thread-safe.
 */
public final class NoticeContent {

    private final CharsetDetector charsets = new CharsetDetector();

    /** Whether a fetched page's content type may hold a notice (HTML, or no Content-Type at all). */
    public boolean mayBeNotice(FetchResult result) {
        return result.isHtml();
    }

    /** Whether a fetched list page's content type can be read for links (HTML, or XML such as recordsets). */
    public boolean mayBeList(FetchResult result) {
        return result.isHtml() || result.mediaType().endsWith("xml");
    }

    /** The page's text in its charset (the site's override, else declared or detected). */
    public CharsetDetector.Decoded decode(Site site, FetchResult result) {
        return charsets.decode(
                result.body(), result.headerCharset(), site.charsetOverride().orElse(null), result.truncated());
    }

    /** The decoded page parsed as HTML, links resolved against the URL that answered. */
    public Document parse(CharsetDetector.Decoded decoded, FetchResult result) {
        return Jsoup.parse(decoded.text(), result.finalUri().toString());
    }
}
