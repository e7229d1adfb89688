package org.gongkai.ingest.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link HttpTransport} that connects only to the addresses the {@link AddressGuard} vetted, closing the DNS
 * rebinding gap: the request goes to an {@link HttpHost} that carries both the host name and a vetted address, so
 * the client never resolves the name itself (its DNS resolver refuses every lookup, to fail closed). TLS still
 * uses the name: SNI and certificate host name verification are unchanged. Pooled keep-alive connections are
 * keyed by name <em>and</em> address, so a connection is only reused for the address vetted for the request. The
 * addresses are tried in order when connecting fails.
 *
 * <p>Apache HttpClient 5 (classic): HTTP/1.1, no redirects, no automatic retries, no cookies, no proxy, no content
 * decompression (the {@link HttpFetcher} decodes under its cap). The body is read up to the cap; a longer one is
 * cut and its connection discarded. Every exchange has a deadline (from sending to the last body byte): a timer
 * aborts the connection when it passes, which also ends a blocked read; a blocked read is not interruptible, so
 * shutdown waits at most for that deadline.
 *
 * <p>Thread-safe; {@link #close()} releases the connections and the timer thread.
 */
public final class PinnedHttpTransport implements HttpTransport, AutoCloseable {

    /** The client resolves nothing: every address comes vetted with the request. */
    private static final DnsResolver NO_LOOKUPS = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException(host + ": the transport connects only to vetted addresses");
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            throw new UnknownHostException(host + ": the transport connects only to vetted addresses");
        }
    };

    /** The default {@code max-concurrent-sites}: one kept-alive connection for each site crawled at once. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;

    private final CloseableHttpClient client;
    private final ScheduledThreadPoolExecutor deadlines;

    /** Keeps up to {@link #DEFAULT_MAX_CONNECTIONS} connections. */
    public PinnedHttpTransport(Duration connectTimeout) {
        this(connectTimeout, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * @param maxConnections connections kept at most, open or idle, over all hosts (at most 4 per host): size it to
     *                       the sites crawled at once, so that each site's kept-alive connection survives the crawl
     *                       delay between its requests; a smaller pool closes the idle connection of one host to
     *                       open one to another, and every request pays a new connection (a TLS handshake on the
     *                       real web)
     */
    public PinnedHttpTransport(Duration connectTimeout, int maxConnections) {
        this(connectTimeout, maxConnections, null, null);
    }

    PinnedHttpTransport(Duration connectTimeout, DetachedSocketFactory sockets, javax.net.ssl.SSLContext tls) {
        this(connectTimeout, DEFAULT_MAX_CONNECTIONS, sockets, tls);
    }

    /**
     * @param sockets creates the plain sockets before they connect (tests observe where a connection goes);
     *                null for the default
     * @param tls     TLS context (tests trust their own certificate); null for the JVM's default trust
     */
    PinnedHttpTransport(
            Duration connectTimeout, int maxConnections, DetachedSocketFactory sockets, javax.net.ssl.SSLContext tls) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        DefaultHttpClientConnectionOperator operator = new DefaultHttpClientConnectionOperator(
                sockets != null ? sockets : proxy -> proxy != null ? new java.net.Socket(proxy) : new java.net.Socket(),
                DefaultSchemePortResolver.INSTANCE,
                NO_LOOKUPS,
                RegistryBuilder.<TlsSocketStrategy>create()
                        .register(
                                URIScheme.HTTPS.id,
                                tls == null
                                        ? DefaultClientTlsStrategy.createDefault()
                                        : new DefaultClientTlsStrategy(tls))
                        .build());
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                operator,
                PoolConcurrencyPolicy.STRICT,
                PoolReusePolicy.LIFO,
                TimeValue.ofMinutes(1),
                ManagedHttpClientConnectionFactory.INSTANCE);
        connections.setMaxTotal(maxConnections);
        connections.setDefaultMaxPerRoute(4);
        connections.setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                // A kept-alive connection idle this long is checked before reuse (servers close them silently).
                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                .build());
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "fetch-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /** Refused: this transport needs the vetted addresses ({@link HttpFetcher} passes them). */
    @Override
    public Response exchange(HttpRequest request, long maxBodyBytes, Duration timeout) throws IOException {
        throw new UnknownHostException("no vetted address for " + request.uri().getHost());
    }

    @Override
    public Response exchange(HttpRequest request, List<InetAddress> addresses, long maxBodyBytes, Duration timeout)
            throws IOException, InterruptedException {
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(
                    "no vetted address for " + request.uri().getHost());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException connectFailure = null;
        for (InetAddress address : addresses) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                break;
            }
            try {
                return exchange(request, address, maxBodyBytes, timeout, left);
            } catch (java.net.ConnectException | HttpConnectTimeoutException e) {
                // Nothing was sent: the next vetted address may answer.
                connectFailure = e;
            }
        }
        if (connectFailure != null) {
            throw connectFailure;
        }
        throw new HttpTimeoutException("no complete response within " + timeout);
    }

    private Response exchange(
            HttpRequest request, InetAddress address, long maxBodyBytes, Duration timeout, Duration left)
            throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        URI uri = request.uri();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = AddressGuard.host(uri);
        HttpHost target = new HttpHost(scheme, address, host, uri.getPort());
        HttpGet get = new HttpGet(uri);
        request.headers().map().forEach((name, values) -> values.forEach(value -> get.addHeader(name, value)));
        get.setConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.of(left))
                .setConnectionRequestTimeout(Timeout.of(left))
                .build());
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> abort = deadlines.schedule(
                () -> {
                    timedOut.set(true);
                    get.cancel();
                },
                left.toNanos(),
                TimeUnit.NANOSECONDS);
        ClassicHttpResponse response = null;
        try {
            response = client.executeOpen(target, get, null);
            HttpEntity entity = response.getEntity();
            byte[] body = new byte[0];
            boolean truncated = false;
            if (entity != null) {
                CappedBody.Read read = CappedBody.read(entity, maxBodyBytes, get);
                body = read.body();
                truncated = read.truncated();
            }
            return new Response(response.getCode(), headers(response), body, truncated);
        } catch (ConnectTimeoutException e) {
            throw new HttpConnectTimeoutException(
                    "connect to " + host + " (" + address.getHostAddress() + ") timed out");
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("no complete response within " + timeout);
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new HttpTimeoutException("no complete response within " + timeout);
            }
            if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            throw e;
        } finally {
            abort.cancel(false);
            if (response != null) {
                closeQuietly(response);
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // The exchange is over (or was aborted): nothing to report.
        }
    }

    private static HttpHeaders headers(ClassicHttpResponse response) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            map.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(header.getValue());
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        try {
            client.close();
        } catch (IOException e) {
            // Closing connections: nothing left to do.
        }
    }
}
