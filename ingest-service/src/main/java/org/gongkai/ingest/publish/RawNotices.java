package org.gongkai.ingest.publish;

import java.time.Instant;
import java.util.List;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.fetch.CharsetDetector;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.site.Site;
import org.gongkai.ingest.url.CanonicalUrls;

/** Builds the {@link RawNotice} event of a fetched page. Stateless. */
public final class RawNotices {

    private RawNotices() {}

    /**
     * @param url      canonical URL of the notice
     * @param decoded  the page decoded with its charset
     * @param hash     SHA-256 (hex) of the page's bytes
     * @param source   {@code crawl}, {@code warc}, …
     */
    public static RawNotice of(
            Site site,
            String url,
            String noticeId,
            FetchResult result,
            CharsetDetector.Decoded decoded,
            String hash,
            String source,
            List<RawNotice.Attachment> attachments) {
        Instant fetchedAt = result.fetchedAt();
        long version =
                Math.addExact(Math.multiplyExact(fetchedAt.getEpochSecond(), 1_000_000L), fetchedAt.getNano() / 1_000);
        String mediaType = result.mediaType().isEmpty() ? "text/html" : result.mediaType();
        return new RawNotice(
                RawNotice.SCHEMA_VERSION,
                noticeId,
                url,
                // a page not redirected: its URL's canonical form, remembered from its link (no new parse)
                CanonicalUrls.canonical(result.finalUri().toString()),
                site.id(),
                source,
                fetchedAt,
                version,
                result.status(),
                result.keptHeaders(),
                mediaType,
                decoded.charset().name(),
                decoded.source().wireName(),
                decoded.text(),
                result.body(),
                result.truncated(),
                hash,
                attachments,
                site.mirror());
    }
}
