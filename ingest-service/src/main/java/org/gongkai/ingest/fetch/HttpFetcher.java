package org.gongkai.ingest.fetch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.gongkai.events.trace.TraceParent;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.url.AllowedNetworks;
import org.gongkai.ingest.url.Urls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);

    private static final String ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5";

    private final HttpTransport transport;
    private final AddressGuard guard;
    private final HostPoliteness politeness;
    private final IngestProperties.Fetch limits;
    private final FetchLimits pageLimits;
    private final String userAgent;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Supplier<String> traceparent;

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
        this.traceparent = traceparent;
        this.transport = transport;
        this.guard = guard;
        this.politeness = politeness;
        this.limits = limits;
        this.pageLimits = FetchLimits.of(limits);
        this.userAgent = userAgent;
        this.meters = meters;
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
     * @see #fetch(URI, boolean)
     */
    public FetchResult fetch(URI uri, AllowedNetworks allowed, Validators validators)
            throws FetchException, InterruptedException {
        return fetch(uri, allowed, validators, pageLimits);
    }

    /**
     * As {@link #fetch(URI, boolean, Validators)} with other size and time bounds (attachments); redirects,
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
        try {
            return fetchChain(uri, allowed, validators, bounds == null ? pageLimits : bounds, hops);
        } catch (FetchException e) {
            countError(e);
            throw e;
        }
    }

    private void countError(FetchException e) {
        Counter.builder("gongkai.ingest.fetch.errors")
                .description("Fetches that failed, by kind")
                .tag("kind", errorKind(e))
                .register(meters)
                .increment();
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
            countError(e);
            throw e;
        } catch (FetchException e) {
            // Unresolvable: left to the fetch itself (and robots.txt), as before.
        }
    }

    /** The kind of a fetch failure, for metrics. */
    static String errorKind(FetchException e) {
        if (e instanceof HostPausedException) {
            return "host-paused";
        }
        if (e instanceof BlockedAddressException) {
            return "blocked-address";
        }
        if (e instanceof RedirectNotFollowedException) {
            return "redirect-robots";
        }
        if (e.bodyCutShort()) {
            return "truncated";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("redirect")) {
            return "redirects";
        }
        if (message.contains("unknown host") || message.contains("no address")) {
            return "dns";
        }
        Throwable cause = e.getCause();
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "timeout";
        }
        if (cause instanceof java.net.ConnectException) {
            return "connect";
        }
        if (message.contains("content encoding") || message.contains(" body")) {
            return "decoding";
        }
        return "io";
    }

    private FetchResult fetchChain(
            URI uri, AllowedNetworks allowed, Validators validators, FetchLimits bounds, HopCheck hops)
            throws FetchException, InterruptedException {
        URI current = uri;
        Set<URI> chain = new HashSet<>();
        long deadline = System.nanoTime() + bounds.totalTimeout().toNanos();
        HttpTransport.Response redirect = null;
        for (int redirects = 0; ; redirects++) {
            checkDeadline(uri, deadline, bounds);
            if (!chain.add(current)) {
                throw new FetchException("redirect loop from " + uri + " back to " + current);
            }
            List<InetAddress> vetted = guard.check(current, allowed);
            if (redirects > 0 && !hops.follow(current)) {
                return new FetchResult(
                        uri, current, redirect.status(), redirect.headers(), new byte[0], false, clock.instant());
            }
            String host = AddressGuard.host(current).toLowerCase(Locale.ROOT);
            HttpTransport.Response response = exchangeWithRetries(
                    uri, current, vetted, host, redirects == 0 ? validators : null, deadline, bounds);
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

    private static void checkDeadline(URI page, long deadline, FetchLimits bounds) throws FetchException {
        if (System.nanoTime() > deadline) {
            throw new FetchException(
                    "total timeout " + bounds.totalTimeout() + " for " + page + " exceeded",
                    new java.net.http.HttpTimeoutException("total timeout"));
        }
    }

    private HttpTransport.Response exchangeWithRetries(
            URI page,
            URI uri,
            List<InetAddress> vetted,
            String host,
            Validators validators,
            long deadline,
            FetchLimits bounds)
            throws FetchException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                checkDeadline(page, deadline, bounds);
            }
            boolean last = attempt >= limits.retries();
            String kind;
            try {
                HttpTransport.Response response = exchange(page, uri, vetted, host, validators, deadline, bounds);
                if (last || !isRetryable(response.status())) {
                    return response;
                }
                log.debug("{} answered {}, retrying", uri, response.status());
                kind = "status";
            } catch (HostPausedException | BlockedAddressException e) {
                throw e;
            } catch (FetchException e) {
                if (last || !e.retryable()) {
                    // A page fault (e.g. a dripping page past the read deadline) would fail the same way again; a
                    // connection dropped mid-body often does not (and is no reason to back the host off).
                    throw e;
                }
                log.debug("{}, retrying", e.getMessage());
                kind = errorKind(e);
            }
            // by kind too: a fault the retry recovered (a body cut short, a dropped connection) leaves no error
            Counter.builder("gongkai.ingest.fetch.retries")
                    .description("Requests sent again after a 5xx or 429 answer (kind status) or a connection failure"
                            + " or body cut short (kind as gongkai.ingest.fetch.errors')")
                    .tag("host", host)
                    .tag("kind", kind)
                    .register(meters)
                    .increment();
        }
    }

    private HttpTransport.Response exchange(
            URI page,
            URI uri,
            List<InetAddress> vetted,
            String host,
            Validators validators,
            long deadline,
            FetchLimits bounds)
            throws FetchException, InterruptedException {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .GET()
                    .timeout(bounds.readTimeout())
                    .header("User-Agent", userAgent)
                    .header("Accept", ACCEPT)
                    .header("Accept-Language", "zh-CN,zh;q=0.9")
                    .header("Accept-Encoding", ContentDecoding.ACCEPT_ENCODING);
            if (validators != null && validators.etag() != null) {
                builder.header("If-None-Match", validators.etag());
            }
            if (validators != null && validators.lastModified() != null) {
                builder.header("If-Modified-Since", validators.lastModified());
            }
            String trace = traceparent.get();
            if (trace != null) {
                builder.header(TraceParent.HEADER, trace);
            }
            request = builder.build();
        } catch (IllegalArgumentException e) {
            throw new FetchException("cannot request " + uri, e);
        }
        try (HostPoliteness.Turn turn = politeness.acquire(host)) {
            // The wait for the turn may have used up the page's time.
            checkDeadline(page, deadline, bounds);
            long start = System.nanoTime();
            try {
                HttpTransport.Response response =
                        transport.exchange(request, vetted, bounds.maxBodyBytes(), bounds.readTimeout());
                record(host, statusClass(response.status()), start);
                DistributionSummary.builder("gongkai.ingest.fetch.bytes")
                        .description("Body bytes received per exchange, as on the wire")
                        .baseUnit("bytes")
                        .tag("host", host)
                        .register(meters)
                        .record(response.body().length);
                int status = response.status();
                if (status == 429 || status == 503) {
                    Optional<Duration> retryAfter = retryAfter(
                            response.headers().firstValue("retry-after").orElse(null), clock);
                    if (retryAfter.isPresent()) {
                        turn.retryAfter(retryAfter.get());
                    } else {
                        turn.failed();
                    }
                } else if (isRetryable(status)) {
                    turn.failed();
                }
                return response;
            } catch (IOException e) {
                record(host, "error", start);
                FetchException failure = e instanceof TruncatedBodyException truncated
                        ? new FetchException(truncated.getMessage() + " from GET " + uri, truncated)
                        : new FetchException("GET " + uri + " failed: " + e, e);
                if (failure.hostFault()) {
                    // Only a host that cannot be reached is backed off; a page that is slow or broken is its own fault.
                    turn.failed();
                }
                throw failure;
            }
        }
    }

    /**
     * The wait a {@code Retry-After} value asks for: delay-seconds or an HTTP date; empty when absent or
     * unreadable. A date in the past means no wait.
     */
    static Optional<Duration> retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
            }
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean isRetryable(int status) {
        return status == 429 || (status >= 500 && status != 501 && status < 600);
    }

    private void record(String host, String status, long startNanos) {
        Counter.builder("gongkai.ingest.fetches")
                .description("HTTP exchanges by host and status class")
                .tag("host", host)
                .tag("status", status)
                .register(meters)
                .increment();
        Timer.builder("gongkai.ingest.fetch.duration")
                .description("Time from sending a request to the last body byte")
                .tag("host", host)
                .tag("status", status)
                .register(meters)
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    static String statusClass(int status) {
        return status >= 200 && status < 600 ? (status / 100) + "xx" : "error";
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
