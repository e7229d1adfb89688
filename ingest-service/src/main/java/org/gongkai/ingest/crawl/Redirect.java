package org.gongkai.ingest.crawl;

import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.url.CanonicalUrls;

/**
 * A visit whose answer came from another page than the one linked: the link redirected (301, 302, 303, 307, 308,
 * possibly through several hops, each vetted by the address guard) to a final URL whose canonical form differs from
 * the link's. The notice's identity is the final page's: its canonical URL and the notice id derived from it key
 * the event, the crawl state of the answer (validators, content hash, faults, gone strikes) and the tombstone, so
 * a notice linked directly and through a redirect is one notice. The link keeps a state of its own, an alias
 * ({@link UrlState#redirected}), which says when to follow it again and where it led last.
 *
 * <p>A final URL on another host is followed and identified the same way (see ingest-service/README.md,
 * "Redirects"). Immutable.
 *
 * @param linkUrl  canonical URL of the link visited
 * @param linkId   its notice id
 * @param url      canonical URL that answered, after redirects
 * @param noticeId notice id of {@code url}
 */
record Redirect(String linkUrl, String linkId, String url, String noticeId) {

    /**
     * The redirect of a visit to {@code linkUrl}, or null when the answer's final URL canonicalises to the link's
     * (no redirect, or one to an equivalent spelling of it) or cannot be canonicalised (then the link's identity
     * stays, as before).
     */
    static Redirect of(String linkUrl, String linkId, FetchResult result) {
        String finalUrl;
        try {
            finalUrl = CanonicalUrls.canonical(result.finalUri().toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (finalUrl == null || finalUrl.equals(linkUrl)) {
            return null;
        }
        return new Redirect(linkUrl, linkId, finalUrl, CanonicalUrls.noticeId(finalUrl));
    }
}
