package org.gongkai.events.trace;

import org.slf4j.MDC;

/**
 * The notice a thread is working on, in the logging MDC: {@value #SITE} and {@value #NOTICE_ID} beside the tracer's
 * {@code traceId} and {@code spanId}, so every log line about a notice names it (text logs: {@code %X}; ECS JSON logs:
 * fields of the same names).
 *
 * <p>Use with try-with-resources on the thread that handles the notice; closing restores what the keys held before
 * (nested scopes, pooled threads). Not shared between threads (the MDC is per thread).
 */
public final class NoticeLog implements AutoCloseable {

    /** MDC key: the configured site the notice belongs to. */
    public static final String SITE = "gongkai.site";

    /** MDC key: the notice id ({@code NoticeIds.fromUrl}), the records' key. */
    public static final String NOTICE_ID = "gongkai.noticeId";

    private final String previousSite;
    private final String previousNoticeId;

    private NoticeLog(String site, String noticeId) {
        this.previousSite = MDC.get(SITE);
        this.previousNoticeId = MDC.get(NOTICE_ID);
        set(SITE, site);
        set(NOTICE_ID, noticeId);
    }

    /** Puts the notice's site and id into the MDC (a null value leaves its key out). */
    public static NoticeLog of(String site, String noticeId) {
        return new NoticeLog(site, noticeId);
    }

    @Override
    public void close() {
        set(SITE, previousSite);
        set(NOTICE_ID, previousNoticeId);
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
