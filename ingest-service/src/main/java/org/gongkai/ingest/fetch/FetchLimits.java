package org.gongkai.ingest.fetch;

import java.time.Duration;
import org.gongkai.ingest.site.IngestProperties;

/**
 * The size and time bounds of one fetch: pages use {@code gongkai.ingest.fetch.*}, attachments their own.
 *
 * @param maxBodyBytes body bytes kept, on the wire and again after content decoding; the rest is cut and the
 *                     result marked {@code truncated}
 * @param readTimeout  deadline of one exchange, from sending the request to the last body byte
 * @param totalTimeout deadline over all redirects, retries and waits for the host's turn
 */
public record FetchLimits(long maxBodyBytes, Duration readTimeout, Duration totalTimeout) {

    public FetchLimits {
        if (maxBodyBytes <= 0 || readTimeout.isNegative() || readTimeout.isZero() || totalTimeout.isNegative()) {
            throw new IllegalArgumentException("fetch limits must be positive");
        }
    }

    /** The page limits from configuration. */
    public static FetchLimits of(IngestProperties.Fetch fetch) {
        return new FetchLimits(fetch.maxBodyBytes().toBytes(), fetch.readTimeout(), fetch.totalTimeout());
    }
}
