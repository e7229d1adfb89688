package org.gongkai.ingest.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link HttpTransport} on {@link java.net.http.HttpClient}: HTTP/1.1 (what old government servers speak
 * best), no redirects, no proxy, connect timeout from configuration. The body is collected by a subscriber
 * that stops reading at the cap, so an endless body costs at most the cap in memory. Thread-safe.
 *
 * <p>Not pinned: the client resolves the host again when it connects, so a DNS answer that changes between the
 * {@link AddressGuard}'s check and the connection (DNS rebinding) is not caught. The service uses
 * {@link PinnedHttpTransport}; this one stays for tests and as a fallback.
 */
public final class JdkHttpTransport implements HttpTransport {

    private final HttpClient client;

    public JdkHttpTransport(Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    @Override
    public Response exchange(HttpRequest request, long maxBodyBytes, Duration timeout)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<CappedBody>> future =
                client.sendAsync(request, info -> new CappedBodySubscriber(maxBodyBytes));
        try {
            HttpResponse<CappedBody> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            CappedBody body = response.body();
            return new Response(response.statusCode(), response.headers(), body.bytes(), body.truncated());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete response within " + timeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw truncated(io);
            }
            throw new IOException(cause == null ? e : cause);
        }
    }

    /** The JDK client's "fixed content-length: M, bytes received: N", said the same as by every transport. */
    private static final Pattern CUT_SHORT = Pattern.compile("fixed content-length: (\\d+), bytes received: (\\d+)");

    private static IOException truncated(IOException error) {
        Matcher m = CUT_SHORT.matcher(String.valueOf(error.getMessage()));
        return m.find()
                ? new TruncatedBodyException(Long.parseLong(m.group(2)), Long.parseLong(m.group(1)), error)
                : error;
    }

    private record CappedBody(byte[] bytes, boolean truncated) {}

    /** Collects at most {@code cap} bytes, then cancels the subscription (which closes the connection). */
    private static final class CappedBodySubscriber implements HttpResponse.BodySubscriber<CappedBody> {

        private final long cap;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<CappedBody> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBodySubscriber(long cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<CappedBody> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                long room = cap - out.size();
                int remaining = buffer.remaining();
                int take = (int) Math.min(room, remaining);
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                out.write(chunk, 0, take);
                if (take < remaining) {
                    result.complete(new CappedBody(out.toByteArray(), true));
                    subscription.cancel();
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(new CappedBody(out.toByteArray(), false));
        }
    }
}
