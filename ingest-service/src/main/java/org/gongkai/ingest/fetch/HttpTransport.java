package org.gongkai.ingest.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/**
 * Sends one HTTP request, without following redirects, and reads a bounded body. The seam between the
 * {@link HttpFetcher}'s policy (address guard, redirects, politeness, decoding) and the network, so tests can
 * prove that a refused URL never reaches it.
 */
@FunctionalInterface
public interface HttpTransport {

    /**
     * Performs one exchange.
     *
     * @param maxBodyBytes body bytes kept as received (before content decoding); the rest is not read
     * @param timeout      deadline for the whole exchange, from sending to the last body byte
     * @throws java.net.http.HttpTimeoutException when the deadline passes
     * @throws IOException on connection or protocol failure
     */
    Response exchange(HttpRequest request, long maxBodyBytes, Duration timeout)
            throws IOException, InterruptedException;

    /**
     * Performs one exchange with the request's host at one of {@code addresses}, the addresses the
     * {@link AddressGuard} vetted for it. A transport that can pin the connection to them (no second DNS lookup,
     * so a DNS answer that changes after the check cannot redirect the connection) overrides this; by default
     * the addresses are ignored and the host is resolved again (see {@link JdkHttpTransport}).
     *
     * @param addresses the vetted addresses of the request's host, in the resolver's order; not empty
     */
    default Response exchange(HttpRequest request, List<InetAddress> addresses, long maxBodyBytes, Duration timeout)
            throws IOException, InterruptedException {
        return exchange(request, maxBodyBytes, timeout);
    }

    /**
     * A response as received.
     *
     * @param status    HTTP status
     * @param headers   response headers
     * @param body      body bytes as on the wire (possibly compressed), at most the requested maximum
     * @param truncated whether the body was longer than the maximum
     */
    record Response(int status, HttpHeaders headers, byte[] body, boolean truncated) {}
}
