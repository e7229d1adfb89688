package org.gongkai.ingest.extract;

import java.util.Optional;
import org.gongkai.ingest.fetch.CharsetDetector;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.site.Site;
import org.jsoup.nodes.Document;

/**
 * How a fetched page is read: which content types may be a notice or a list page (the one place that decides it
 * by content type), and the page decoded with its charset and parsed. Stateless; thread-safe.
 */
public final class NoticeContent {

    /** A page with more than this share (%) of undecodable or control characters is not text. */
    static final int NOT_TEXT_PERCENT = 2;

    /** … and at least this many of them (a short page with a stray control character is text). */
    static final int NOT_TEXT_MIN = 16;

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
     * Why a decoded page is not text, or empty when it is: more than {@value #NOT_TEXT_PERCENT} % of its characters
     * (and at least {@value #NOT_TEXT_MIN}) are undecodable (U+FFFD) or control characters other than white space.
     * Random bytes or a binary served as {@code text/html} come out so in any charset (a C0 control is one byte in
     * all of them); a real page, whatever its charset, has next to none. Asked only of a page that is no notice, to
     * tell a broken page from an ordinary one.
     */
    public Optional<String> notText(CharsetDetector.Decoded decoded) {
        String text = decoded.text();
        int bad = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD'
                    || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
                    || (c >= 0x7F && c < 0xA0)) {
                bad++;
            }
        }
        if (bad < NOT_TEXT_MIN || bad * 100L <= (long) text.length() * NOT_TEXT_PERCENT) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                "not a notice: the body is not text (%d of %d characters undecodable or control characters as %s,"
                        + " charset from %s)",
                bad, text.length(), decoded.charset().name(), decoded.source().wireName()));
    }

    /**
     * The decoded page as a document, links resolved against the URL that answered: HTML parsed, a text page as
     * one {@code <pre>} ({@link PageDocuments}).
     */
    public Document parse(CharsetDetector.Decoded decoded, FetchResult result) {
        return PageDocuments.parse(result.mediaType(), decoded.text(), result.finalUri());
    }
}
