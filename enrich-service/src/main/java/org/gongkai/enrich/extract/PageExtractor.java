package org.gongkai.enrich.extract;

/** Extracts title candidates, metadata pairs and body from one kind of content. Implementations are thread-safe. */
public interface PageExtractor {

    /**
     * @param content decoded page, never null
     * @return what was found; never throws on malformed or truncated input
     */
    ExtractedPage extract(String content);

    /** {@link #extract(String)} with a site's hints; extractors without use for them ignore them. */
    default ExtractedPage extract(String content, SiteHints hints) {
        return extract(content);
    }
}
