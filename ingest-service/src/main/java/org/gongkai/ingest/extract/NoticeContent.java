package org.gongkai.ingest.extract;

import org.gongkai.ingest.fetch.CharsetDetector;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.site.Site;
import org.jsoup.nodes.Document;

/**
 * How a fetched page is read: which content types may be a notice or a list page (the one place that decides it
 * by content type), and the page decoded with its charset and parsed. Stateless; thread-safe.
 */
public final class NoticeContent {

    private final CharsetDetector charsets = new CharsetDetector();

    /** Whether a fetched page's content type may hold a notice (HTML, plain text, or no Content-Type at all). */
    public boolean mayBeNotice(FetchResult result) {
        return result.isHtml() || result.isPlainText();
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

    /**
     * The decoded page as a document, links resolved against the URL that answered: HTML parsed, a text page as
     * one {@code <pre>} ({@link PageDocuments}).
     */
    public Document parse(CharsetDetector.Decoded decoded, FetchResult result) {
        return PageDocuments.parse(result.mediaType(), decoded.text(), result.finalUri());
    }
}
