package org.gongkai.ingest.publish;

import java.util.concurrent.CompletableFuture;
import org.gongkai.events.RawNotice;

/**
 * Where the crawler sends notices. {@link #publish} and {@link #publishTombstone} return only once the record is
 * durably stored; {@link #send} returns at once with the acknowledgement to come.
 */
public interface NoticePublisher {

    /** Publishes a notice and waits for the acknowledgement. */
    void publish(RawNotice notice) throws PublishException, InterruptedException;

    /** Publishes a tombstone (null value) for a notice that is gone from its site, and waits for the ack. */
    void publishTombstone(String noticeId) throws PublishException, InterruptedException;

    /**
     * Sends a notice without waiting for the broker: the future completes (normally) once the notice is durably
     * stored, or exceptionally with a {@link PublishException} (the same one {@link #publish} would throw). It may
     * complete on another thread, such as the producer's I/O thread: callers hand the work an ack allows over to
     * their own thread. This default publishes synchronously (for publishers without an asynchronous path).
     *
     * @throws InterruptedException when interrupted while handing the notice over (e.g. the producer's buffer is
     *                              full)
     */
    default CompletableFuture<Void> send(RawNotice notice) throws InterruptedException {
        try {
            publish(notice);
            return CompletableFuture.completedFuture(null);
        } catch (PublishException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
