package org.gongkai.ingest.fetch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The {@link HttpFetcher}'s meters (named in its javadoc), and the kind of a fetch failure they are tagged with.
 *
 * <p>Thread-safe (the registry is).
 */
final class FetchMetrics {

    private final MeterRegistry meters;

    FetchMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counts a fetch that failed, by {@link #errorKind kind}. */
    void error(FetchException e) {
        Counter.builder("gongkai.ingest.fetch.errors")
                .description("Fetches that failed, by kind")
                .tag("kind", errorKind(e))
                .register(meters)
                .increment();
    }

    /** Counts a request sent again: {@code kind} is "status" after an answer, else the failure's kind. */
    void retry(String host, String kind) {
        // by kind too: a fault the retry recovered (a body cut short, a dropped connection) leaves no error
        Counter.builder("gongkai.ingest.fetch.retries")
                .description("Requests sent again after a 5xx or 429 answer (kind status) or a connection failure"
                        + " or body cut short (kind as gongkai.ingest.fetch.errors')")
                .tag("host", host)
                .tag("kind", kind)
                .register(meters)
                .increment();
    }

    /** Records the body bytes of one exchange, as on the wire. */
    void bytes(String host, int bytes) {
        DistributionSummary.builder("gongkai.ingest.fetch.bytes")
                .description("Body bytes received per exchange, as on the wire")
                .baseUnit("bytes")
                .tag("host", host)
                .register(meters)
                .record(bytes);
    }

    /** Counts and times one exchange that started at {@code startNanos} ({@link System#nanoTime()}). */
    void exchange(String host, String status, long startNanos) {
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

    static String statusClass(int status) {
        return status >= 200 && status < 600 ? (status / 100) + "xx" : "error";
    }
}
