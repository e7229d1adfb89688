package org.gongkai.ingest.crawl;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.gongkai.ingest.publish.PublishException;

/**
 * The notices one crawl has sent and the broker has not acknowledged yet, at most {@code capacity} of them, so
 * the crawl fetches and parses the next pages while earlier ones are on their way (and the producer batches them)
 * instead of waiting for each acknowledgement.
 *
 * <p>What an acknowledgement allows (the page's crawl state, its outcome) is a {@link Completion} run on the
 * crawl's own thread, never on the producer's: the ack only queues it, and the crawl runs the queued ones
 * whenever it {@link #add adds} a send or {@link #drain drains} the window, in the order the acks arrived (which
 * need not be the order of the sends). So a page is recorded as crawled only after its notice was acknowledged,
 * and a crash loses at most the records of pages whose notices will be sent again.
 *
 * <p>Failures: a send the broker refuses for this notice alone reaches its completion, which records it. A
 * failure that means the broker is away ({@link PublishException#brokerUnavailable()}) also reaches its
 * completion, then is thrown by the next {@link #add} or {@link #drain}: the crawl stops, as it did when every
 * send was awaited; {@link #drainQuietly} then still records what the broker did acknowledge.
 *
 * <p>Not thread-safe: one window per crawl, used by the crawl's thread (only the hand-over of acks is concurrent).
 */
final class PublishWindow {

    /** The work a notice's acknowledgement (failure null) or failure allows; returns the page's outcome. */
    interface Completion {
        NoticeOutcome complete(PublishException failure);
    }

    /** Hands a notice to the producer; the future completes with its ack. */
    interface Send {
        CompletableFuture<Void> send() throws InterruptedException;
    }

    private record Acked(Completion completion, PublishException failure) {}

    private final int capacity;
    private final Consumer<NoticeOutcome> outcomes;
    private final BrokerWaits.OfSite waits;
    private final BlockingQueue<Acked> acked = new LinkedBlockingQueue<>();
    private int inFlight;
    private PublishException brokerUnavailable;

    /**
     * @param capacity sends awaiting their ack at most (1: each send is awaited before the next page)
     * @param outcomes receives the outcome of each completed send, on the crawl's thread
     */
    PublishWindow(int capacity, Consumer<NoticeOutcome> outcomes) {
        this(capacity, outcomes, BrokerWaits.UNWATCHED);
    }

    /** @param waits says so when the crawl waits long for an acknowledgement */
    PublishWindow(int capacity, Consumer<NoticeOutcome> outcomes, BrokerWaits.OfSite waits) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.outcomes = outcomes;
        this.waits = waits;
    }

    /**
     * Sends through {@code send} and adds it; first runs the completions of the acks that arrived meanwhile, and waits while the window is full.
     *
     * @throws PublishException when a send failed because the broker is away: an earlier one (this one is then not
     *                          sent; its notice goes again next crawl) or this one, failing at once
     */
    void add(Send send, Completion completion) throws InterruptedException, PublishException {
        for (Acked done = acked.poll(); done != null; done = acked.poll()) {
            complete(done);
        }
        while (inFlight >= capacity) {
            complete(nextAck("the acknowledgement of a notice (" + inFlight + " on their way)"));
        }
        failIfBrokerUnavailable();
        CompletableFuture<Void> ack = send.send();
        inFlight++;
        ack.whenComplete((ok, error) -> acked.add(new Acked(completion, failure(error))));
        // A send that failed at once (not sent at all) stops the crawl before its next page, as an awaited one did.
        for (Acked done = acked.poll(); done != null; done = acked.poll()) {
            complete(done);
        }
        failIfBrokerUnavailable();
    }

    /**
     * Counts an outcome known at once beside the visit's own: a link's notice that moved away (missing, then deleted)
     * while the answer is another URL's notice, which has its outcome too.
     */
    void count(NoticeOutcome outcome) {
        outcomes.accept(outcome);
    }

    /** Whether {@code e} is the failure this window threw, whose page's outcome it already counted. */
    boolean counted(PublishException e) {
        return e != null && e == brokerUnavailable;
    }

    /** Sends awaiting their ack. */
    int inFlight() {
        return inFlight;
    }

    /**
     * Waits for every send's ack (or failure) and runs their completions.
     *
     * @throws PublishException when a send failed because the broker is away
     */
    void drain() throws InterruptedException, PublishException {
        while (inFlight > 0) {
            complete(nextAck("the acknowledgements of its last " + inFlight + " notices"));
        }
        failIfBrokerUnavailable();
    }

    /**
     * Like {@link #drain} but never throws: after the crawl stopped (broker away, an error), what was acknowledged
     * is still recorded. Interrupted, it returns at once (the pages not recorded are sent again next crawl).
     */
    void drainQuietly() {
        try {
            while (inFlight > 0) {
                complete(nextAck("the acknowledgements of " + inFlight + " notices sent before it stopped"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the completions of the acks that have arrived, without waiting for the others; never throws. */
    void completeArrived() {
        for (Acked done = acked.poll(); done != null; done = acked.poll()) {
            complete(done);
        }
    }

    private Acked nextAck(String what) throws InterruptedException {
        Acked done = acked.poll();
        return done != null ? done : waits.await(what, acked::take);
    }

    private void complete(Acked done) {
        inFlight--;
        if (done.failure() != null && done.failure().brokerUnavailable() && brokerUnavailable == null) {
            brokerUnavailable = done.failure();
        }
        outcomes.accept(done.completion().complete(done.failure()));
    }

    private void failIfBrokerUnavailable() throws PublishException {
        if (brokerUnavailable != null) {
            throw brokerUnavailable;
        }
    }

    private static PublishException failure(Throwable error) {
        if (error == null) {
            return null;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof PublishException publish
                ? publish
                : new PublishException(cause.toString(), cause, false);
    }
}
