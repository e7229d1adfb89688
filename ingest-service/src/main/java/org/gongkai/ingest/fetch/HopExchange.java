package org.gongkai.ingest.fetch;

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
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.gongkai.events.trace.TraceParent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hop of the {@link HttpFetcher}'s redirect chain: a GET to an address the guard vetted, each attempt in a turn
 * the {@link HostPoliteness} grants for the host, through the {@link HttpTransport} with the read deadline and body
 * cap. A 429 or 5xx answer (but 501) and a {@link FetchException#retryable() retryable} failure (a host fault, a body
 * cut short) are retried up to {@link RequestOptions#retries()} times, each retry within the page's total time; when the attempts are
 * used up the last answer is returned (or the last failure thrown). Any other failure (a page fault, a paused host)
 * is thrown at once. The host is backed off after a retryable answer (a 429 or 503 with Retry-After: for that long
 * instead) and after a host fault ({@link FetchException#hostFault()}), not after a page fault or a body cut short.
 *
 * <p>Thread-safe; concurrent exchanges with one host are serialised by the politeness policy.
 */
final class HopExchange {

    private static final Logger log = LoggerFactory.getLogger(HopExchange.class);

    /** Its 4xx says nothing of the host ({@link HostPoliteness.Turn#inconclusive}). */
    private static final String ROBOTS_TXT = "/robots.txt";

    private static final String ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5";

    private final HttpTransport transport;
    private final HostPoliteness politeness;
    private final String userAgent;
    private final Supplier<String> traceparent;
    private final FetchMetrics metrics;
    private final Clock clock;

    /**
     * @param traceparent the W3C {@code traceparent} to send, read on the calling thread; null for none
     */
    HopExchange(
            HttpTransport transport,
            HostPoliteness politeness,
            String userAgent,
            Supplier<String> traceparent,
            FetchMetrics metrics,
            Clock clock) {
        this.transport = transport;
        this.politeness = politeness;
        this.userAgent = userAgent;
        this.traceparent = traceparent;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Requests {@code uri} (a hop of the chain that began at {@code page}), retrying transient failures.
     *
     * @param validators sent as {@code If-None-Match} / {@code If-Modified-Since}; null for none
     * @param deadline   the {@link System#nanoTime()} by which the whole page must be fetched
     * @param options    the further attempts after a transient failure, and whether the turn passes the host's
     *                   pause (a probe)
     * @throws HostPausedException when the host is paused
     * @throws FetchException      on a page fault, or a transient failure on the last attempt
     */
    HttpTransport.Response exchangeWithRetries(
            URI page,
            URI uri,
            List<InetAddress> vetted,
            String host,
            Validators validators,
            long deadline,
            FetchLimits bounds,
            RequestOptions options)
            throws FetchException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                checkDeadline(page, deadline, bounds);
            }
            boolean last = attempt >= options.retries();
            String kind;
            try {
                HttpTransport.Response response =
                        exchange(page, uri, vetted, host, validators, deadline, bounds, options);
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
                kind = FetchMetrics.errorKind(e);
            }
            metrics.retry(host, kind);
        }
    }

    /** Fails when the page's total time has passed. */
    static void checkDeadline(URI page, long deadline, FetchLimits bounds) throws FetchException {
        if (System.nanoTime() > deadline) {
            throw new FetchException(
                    "total timeout " + bounds.totalTimeout() + " for " + page + " exceeded",
                    new java.net.http.HttpTimeoutException("total timeout"));
        }
    }

    private HttpTransport.Response exchange(
            URI page,
            URI uri,
            List<InetAddress> vetted,
            String host,
            Validators validators,
            long deadline,
            FetchLimits bounds,
            RequestOptions options)
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
        try (HostPoliteness.Turn turn =
                options.passesPause() ? politeness.acquireProbe(host) : politeness.acquire(host)) {
            // The wait for the turn may have used up the page's time.
            checkDeadline(page, deadline, bounds);
            long start = System.nanoTime();
            try {
                HttpTransport.Response response =
                        transport.exchange(request, vetted, bounds.maxBodyBytes(), bounds.readTimeout());
                metrics.exchange(host, FetchMetrics.statusClass(response.status()), start);
                metrics.bytes(host, response.body().length);
                int status = response.status();
                if (status == 429 || status == 503) {
                    Optional<Duration> retryAfter = retryAfter(
                            response.headers().firstValue("retry-after").orElse(null), clock);
                    if (retryAfter.isPresent()) {
                        turn.retryAfter(retryAfter.get());
                    } else {
                        turn.failed("HTTP " + status + " from GET " + uri);
                    }
                } else if (isRetryable(status)) {
                    turn.failed("HTTP " + status + " from GET " + uri);
                } else if (status >= 400 && ROBOTS_TXT.equals(uri.getPath())) {
                    turn.inconclusive();
                }
                return response;
            } catch (IOException e) {
                metrics.exchange(host, "error", start);
                FetchException failure = e instanceof TruncatedBodyException truncated
                        ? new FetchException(truncated.getMessage() + " from GET " + uri, truncated)
                        : new FetchException("GET " + uri + " failed: " + e, e);
                if (failure.hostFault()) {
                    // Only a host that cannot be reached is backed off; a page that is slow or broken is its own fault.
                    turn.failed(failure.getMessage());
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
}
