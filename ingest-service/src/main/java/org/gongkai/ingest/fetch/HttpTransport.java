package org.gongkai.ingest.fetch;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;

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
     * A response as received.
     *
     * @param status    HTTP status
     * @param headers   response headers
     * @param body      body bytes as on the wire (possibly compressed), at most the requested maximum
     * @param truncated whether the body was longer than the maximum
     */
    record Response(int status, HttpHeaders headers, byte[] body, boolean truncated) {}
}
