package org.gongkai.ingest.publish;

import org.gongkai.events.RawNotice;

/** Where the crawler sends notices; both calls return only once the notice is durably stored. */
public interface NoticePublisher {

    /** Publishes a notice and waits for the acknowledgement. */
    void publish(RawNotice notice) throws PublishException, InterruptedException;

    /** Publishes a tombstone (null value) for a notice that is gone from its site, and waits for the ack. */
    void publishTombstone(String noticeId) throws PublishException, InterruptedException;
}
