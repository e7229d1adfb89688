package org.gongkai.ingest.fetch;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.url.AllowedNetworks;
import org.gongkai.ingest.url.Urls;

/**
 * Fetches pages politely and safely. For every hop of a redirect chain, in this order: the {@link AddressGuard}
 * checks the URL (no connection is made for a refused one), the {@link HostPoliteness} grants a turn for the
 * host, the {@link HttpTransport} performs one exchange with the read deadline and body cap, connecting to an
 * address the guard vetted (with {@link PinnedHttpTransport}: no second DNS lookup). Redirects (301,
 * 302, 303, 307, 308) are followed by hand up to the configured maximum; the final body is content-decoded
 * (gzip, deflate) under the same cap. Transient failures (5xx, 429, connection failures, timeouts) are retried
 * a few times, each attempt paced by the politeness policy, which applies backoff and Retry-After. Only host
 * faults ({@link FetchException#hostFault()}: no connection, 5xx, 429) back the host off and are retried; a
 * page fault (redirect loop, undecodable body, an answer not complete within the read deadline) fails this page
 * at once and leaves the host's other pages alone, except a body cut short of its Content-Length ({@link
 * TruncatedBodyException}), which is retried like a host fault without backing the host off.
 *
 * <p>Metrics: {@code gongkai.ingest.fetches} (counter; tags {@code host}, {@code status} = 2xx/3xx/4xx/5xx/error)
 * and {@code gongkai.ingest.fetch.duration} (timer; same tags), one per exchange; {@code
 * gongkai.ingest.fetch.retries} (counter; tag {@code host}); {@code gongkai.ingest.fetch.bytes} (summary of body
 * bytes on the wire; tag {@code host}); {@code gongkai.ingest.fetch.errors} (counter; tag {@code kind}: timeout,
 * connect, dns, blocked-address, redirects, redirect-robots (a redirect target robots.txt disallows or
 * defers), decoding, truncated, host-paused, io).
 *
 * <p>Thread-safe; concurrent fetches to one host are serialised by the politeness policy.
 */
public final class HttpFetcher {

    private final AddressGuard guard;
    private final HostPoliteness politeness;
    private final IngestProperties.Fetch limits;
    private final FetchLimits pageLimits;
    private final FetchMetrics metrics;
    /** Each hop: a politeness turn, the exchange and its retries. */
    private final HopExchange exchange;

    private final Clock clock;

    public HttpFetcher(
            HttpTransport transport,
            AddressGuard guard,
            HostPoliteness politeness,
            IngestProperties.Fetch limits,
            String userAgent,
            MeterRegistry meters,
            Clock clock) {
        this(transport, guard, politeness, limits, userAgent, meters, clock, () -> null);
    }

    /**
     * @param traceparent the W3C {@code traceparent} of the page being crawled on the calling thread, sent with each
     *                    request so a portal that traces can correlate; null for none (no other tracing header is
     *                    ever sent)
     */
    public HttpFetcher(
            HttpTransport transport,
            AddressGuard guard,
            HostPoliteness politeness,
            IngestProperties.Fetch limits,
            String userAgent,
            MeterRegistry meters,
            Clock clock,
            Supplier<String> traceparent) {
        this.guard = guard;
        this.politeness = politeness;
        this.limits = limits;
        this.pageLimits = FetchLimits.of(limits);
        this.metrics = new FetchMetrics(meters);
        this.exchange = new HopExchange(transport, politeness, userAgent, traceparent, metrics, clock);
        this.clock = clock;
    }

    /**
     * A check of each redirect target before it is requested (after the address guard has vetted it), e.g. its
     * origin's robots.txt. Not called for the first URL of a chain.
     */
    @FunctionalInterface
    public interface HopCheck {
        /** No check: every hop is followed. */
        HopCheck NONE = hop -> true;

        /**
         * @return whether to request {@code hop}; false ends the chain without requesting it, and the fetch's result
         *     is the redirect that led there (its status and headers, no body, {@code hop} as the final URI)
         * @throws FetchException to end the chain with that fault, without requesting {@code hop}
         * @throws InterruptedException when the thread is interrupted (shutdown)
         */
        boolean follow(URI hop) throws FetchException, InterruptedException;
    }

    /** The politeness policy that paces this fetcher's requests. */
    public HostPoliteness politeness() {
        return politeness;
    }

    /**
     * Fetches {@code uri} with GET, following redirects.
     *
     * @param allowed the non-public networks the site may reach (public addresses always pass)
     * @return the final response, whatever its status
     * @throws BlockedAddressException when the guard refuses the URL or a redirect target
     * @throws HostPausedException when the host is paused (after failures or a long Retry-After)
     * @throws FetchException on too many redirects, timeouts, connection, protocol or decoding failures
     * @throws InterruptedException when the thread is interrupted (shutdown)
     */
    public FetchResult fetch(URI uri, AllowedNetworks allowed) throws FetchException, InterruptedException {
        return fetch(uri, allowed, Validators.NONE);
    }

    /**
     * Fetches {@code uri} with GET, conditionally when {@code validators} carry an ETag or Last-Modified from an
     * earlier response ({@code If-None-Match}, {@code If-Modified-Since}, sent to the first hop only): a 304
     * answer is returned as it is. A 5xx or 429 answer and a connection failure or timeout are retried up to
     * {@code retries} times, each attempt waiting for the host's backoff or Retry-After through the politeness
     * policy; when the attempts are used up the last answer is returned (or the last failure thrown).
     *
     * @see #fetchOnce(URI, AllowedNetworks)
     */
    public FetchResult fetch(URI uri, AllowedNetworks allowed, Validators validators)
            throws FetchException, InterruptedException {
        return fetch(uri, allowed, validators, pageLimits);
    }

    /**
     * As {@link #fetch(URI, AllowedNetworks, Validators)} with other size and time bounds (attachments); redirects,
     * retries, the address guard and politeness are the same.
     */
    public FetchResult fetch(URI uri, AllowedNetworks allowed, Validators validators, FetchLimits bounds)
            throws FetchException, InterruptedException {
        return fetch(uri, allowed, validators, bounds, HopCheck.NONE);
    }

    /**
     * As {@link #fetch(URI, AllowedNetworks, Validators, FetchLimits)}, each redirect target passed to {@code hops}
     * after the address guard and before it is requested.
     *
     * @param bounds size and time bounds, or null for the page limits
     */
    public FetchResult fetch(URI uri, AllowedNetworks allowed, Validators validators, FetchLimits bounds, HopCheck hops)
            throws FetchException, InterruptedException {
        return fetch(
                uri,
                allowed,
                validators,
                bounds == null ? pageLimits : bounds,
                hops,
                RequestOptions.retrying(limits.retries()));
    }

    /**
     * As {@link #fetch(URI, AllowedNetworks)}, but each hop is asked once: a 5xx, 429 or connection failure is not
     * retried (a probe of whether a host is up, {@link RobotsPolicy#probe}: a host that is down is not asked again and
     * again for it). Paced, guarded and backed off as any fetch, but its requests to {@code uri}'s host pass that
     * host's pause ({@link HostPoliteness#acquireProbe}): the probe is made for a page whose last retry may just have
     * paused the host (session 18). A redirect to another host meets that host's pause as any request.
     */
    public FetchResult fetchOnce(URI uri, AllowedNetworks allowed) throws FetchException, InterruptedException {
        return fetch(uri, allowed, Validators.NONE, pageLimits, HopCheck.NONE, RequestOptions.PROBE);
    }

    private FetchResult fetch(
            URI uri,
            AllowedNetworks allowed,
            Validators validators,
            FetchLimits bounds,
            HopCheck hops,
            RequestOptions options)
            throws FetchException, InterruptedException {
        try {
            return fetchChain(uri, allowed, validators, bounds, hops, options);
        } catch (FetchException e) {
            metrics.error(e);
            throw e;
        }
    }

    /**
     * Checks {@code uri} with the SSRF guard without fetching it, e.g. before its host's robots.txt is read (so a
     * refused host is reported as refused rather than as a host whose robots.txt is unavailable). Counted like a
     * refused fetch.
     *
     * @throws BlockedAddressException when the guard refuses the URL
     */
    public void vet(URI uri, AllowedNetworks allowed) throws BlockedAddressException {
        try {
            guard.check(uri, allowed);
        } catch (BlockedAddressException e) {
            metrics.error(e);
            throw e;
        } catch (FetchException e) {
            // Unresolvable: left to the fetch itself (and robots.txt), as before.
        }
    }

    private FetchResult fetchChain(
            URI uri,
            AllowedNetworks allowed,
            Validators validators,
            FetchLimits bounds,
            HopCheck hops,
            RequestOptions options)
            throws FetchException, InterruptedException {
        String firstHost = AddressGuard.host(uri).toLowerCase(Locale.ROOT);
        URI current = uri;
        Set<URI> chain = new HashSet<>();
        long deadline = System.nanoTime() + bounds.totalTimeout().toNanos();
        HttpTransport.Response redirect = null;
        for (int redirects = 0; ; redirects++) {
            HopExchange.checkDeadline(uri, deadline, bounds);
            if (!chain.add(current)) {
                throw new FetchException("redirect loop from " + uri + " back to " + current);
            }
            List<InetAddress> vetted = guard.check(current, allowed);
            if (redirects > 0 && !hops.follow(current)) {
                return new FetchResult(
                        uri, current, redirect.status(), redirect.headers(), new byte[0], false, clock.instant());
            }
            String host = AddressGuard.host(current).toLowerCase(Locale.ROOT);
            HttpTransport.Response response = exchange.exchangeWithRetries(
                    uri,
                    current,
                    vetted,
                    host,
                    redirects == 0 ? validators : null,
                    deadline,
                    bounds,
                    options.forHop(host.equals(firstHost)));
            Optional<String> location = response.headers().firstValue("location");
            if (isRedirect(response.status()) && location.isPresent()) {
                if (redirects >= limits.maxRedirects()) {
                    throw new FetchException("more than " + limits.maxRedirects() + " redirects from " + uri);
                }
                redirect = response;
                try {
                    current = Urls.resolve(current, location.get());
                } catch (IllegalArgumentException e) {
                    throw new FetchException("bad redirect location from " + current + ": " + location.get(), e);
                }
                continue;
            }
            String encoding = response.headers().firstValue("content-encoding").orElse(null);
            ContentDecoding.Decoded decoded =
                    ContentDecoding.decode(response.body(), encoding, bounds.maxBodyBytes(), response.truncated());
            return new FetchResult(
                    uri,
                    current,
                    response.status(),
                    response.headers(),
                    decoded.bytes(),
                    decoded.truncated(),
                    clock.instant());
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
