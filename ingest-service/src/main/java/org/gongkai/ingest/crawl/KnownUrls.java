package org.gongkai.ingest.crawl;

/**
 * How many URLs of one site the crawl state holds, by what is known of each ({@link UrlState.Kind}).
 *
 * @param notices     notices: a version was published (or refused for good by the broker), so the state has its
 *                    content hash ({@link UrlState#wasPublished()}); a notice marked for republishing counts too
 * @param faultedOnly pages known only by their faults: never published, last visit a page fault
 * @param linkOnly    pages known only as links: redirect aliases and navigation pages (no content hash, no fault)
 */
public record KnownUrls(long notices, long faultedOnly, long linkOnly) {

    /** No URL known. */
    public static final KnownUrls NONE = new KnownUrls(0, 0, 0);

    /** Every URL of the site in the crawl state. */
    public long total() {
        return notices + faultedOnly + linkOnly;
    }
}
