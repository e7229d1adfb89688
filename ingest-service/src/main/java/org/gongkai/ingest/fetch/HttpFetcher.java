package org.gongkai.ingest.fetch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.gongkai.ingest.site.IngestProperties;

/**
 * Fetches pages politely and safely. For every hop of a redirect chain, in this order: the {@link AddressGuard}
 * checks the URL (no connection is made for a refused one), the {@link HostPoliteness} grants a turn for the
 * host, the {@link HttpTransport} performs one exchange with the read deadline and body cap. Redirects (301,
 * 302, 303, 307, 308) are followed by hand up to the configured maximum; the final body is content-decoded
 * (gzip, deflate) under the same cap.
 *
 * <p>Metrics: {@code gongkai.ingest.fetches} (counter; tags {@code host}, {@code status} = 2xx/3xx/4xx/5xx/error)
 * and {@code gongkai.ingest.fetch.duration} (timer; same tags), one per exchange.
 *
 * <p>Thread-safe; concurrent fetches to one host are serialised by the politeness policy.
 */
public final class HttpFetcher {

    private static final String ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";

    private final HttpTransport transport;
    private final AddressGuard guard;
    private final HostPoliteness politeness;
    private final IngestProperties.Fetch limits;
    private final String userAgent;
    private final MeterRegistry meters;
    private final Clock clock;

    public HttpFetcher(
            HttpTransport transport,
            AddressGuard guard,
            HostPoliteness politeness,
            IngestProperties.Fetch limits,
            String userAgent,
            MeterRegistry meters,
            Clock clock) {
        this.transport = transport;
        this.guard = guard;
        this.politeness = politeness;
        this.limits = limits;
        this.userAgent = userAgent;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Fetches {@code uri} with GET, following redirects.
     *
     * @param allowPrivateNetwork whether the site may use non-public addresses
     * @return the final response, whatever its status
     * @throws BlockedAddressException when the guard refuses the URL or a redirect target
     * @throws FetchException on too many redirects, timeouts, connection, protocol or decoding failures
     * @throws InterruptedException when the thread is interrupted (shutdown)
     */
    public FetchResult fetch(URI uri, boolean allowPrivateNetwork) throws FetchException, InterruptedException {
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            guard.check(current, allowPrivateNetwork);
            String host = AddressGuard.host(current).toLowerCase(Locale.ROOT);
            HttpTransport.Response response = exchange(current, host);
            Optional<String> location = response.headers().firstValue("location");
            if (isRedirect(response.status()) && location.isPresent()) {
                if (redirects >= limits.maxRedirects()) {
                    throw new FetchException("more than " + limits.maxRedirects() + " redirects from " + uri);
                }
                try {
                    current = Urls.resolve(current, location.get());
                } catch (IllegalArgumentException e) {
                    throw new FetchException("bad redirect location from " + current + ": " + location.get(), e);
                }
                continue;
            }
            String encoding = response.headers().firstValue("content-encoding").orElse(null);
            ContentDecoding.Decoded decoded = ContentDecoding.decode(
                    response.body(), encoding, limits.maxBodyBytes().toBytes(), response.truncated());
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

    private HttpTransport.Response exchange(URI uri, String host) throws FetchException, InterruptedException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .GET()
                    .timeout(limits.readTimeout())
                    .header("User-Agent", userAgent)
                    .header("Accept", ACCEPT)
                    .header("Accept-Language", "zh-CN,zh;q=0.9")
                    .header("Accept-Encoding", "gzip, deflate")
                    .build();
        } catch (IllegalArgumentException e) {
            throw new FetchException("cannot request " + uri, e);
        }
        try (HostPoliteness.Turn turn = politeness.acquire(host)) {
            long start = System.nanoTime();
            try {
                HttpTransport.Response response =
                        transport.exchange(request, limits.maxBodyBytes().toBytes(), limits.readTimeout());
                record(host, statusClass(response.status()), start);
                return response;
            } catch (IOException e) {
                record(host, "error", start);
                throw new FetchException("GET " + uri + " failed: " + e, e);
            }
        }
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
