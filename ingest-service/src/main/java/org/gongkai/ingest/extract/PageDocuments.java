package org.gongkai.ingest.extract;

import java.net.URI;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The DOM a fetched page is read through: HTML parsed by jsoup; a {@code text/plain} page (a notice served as a
 * text file, a crawl's text extract) as a document holding its text in one {@code <pre>}, so notice recognition
 * sees its {@code label: | value |} rows and no markup is read into it. Stateless.
 */
public final class PageDocuments {

    private PageDocuments() {}

    /** @param mediaType lower case, without parameters */
    public static boolean isPlainText(String mediaType) {
        return mediaType.equals("text/plain");
    }

    /**
     * @param mediaType media type without parameters, lower case (empty: read as HTML)
     * @param text      the decoded page
     * @param base      the page's URL, against which links resolve
     */
    public static Document parse(String mediaType, String text, URI base) {
        if (isPlainText(mediaType)) {
            Document document = Document.createShell(base.toString());
            document.body().appendElement("pre").text(text);
            return document;
        }
        return Jsoup.parse(text, base.toString());
    }
}
