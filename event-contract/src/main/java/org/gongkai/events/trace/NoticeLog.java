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

    /**
     * MDC key of the trace id, the tracer's own (Micrometer Tracing's default correlation field, which Boot's log
     * formats read): set here only where no span is in scope.
     */
    public static final String TRACE_ID = "traceId";

    private final String previousSite;
    private final String previousNoticeId;
    private final String previousTraceId;
    private final boolean traceIdSet;

    private NoticeLog(String site, String noticeId, String traceId) {
        this.previousSite = MDC.get(SITE);
        this.previousNoticeId = MDC.get(NOTICE_ID);
        this.previousTraceId = MDC.get(TRACE_ID);
        set(SITE, site);
        set(NOTICE_ID, noticeId);
        this.traceIdSet = previousTraceId == null && traceId != null;
        if (traceIdSet) {
            MDC.put(TRACE_ID, traceId);
        }
    }

    /** Puts the notice's site and id into the MDC (a null value leaves its key out). */
    public static NoticeLog of(String site, String noticeId) {
        return new NoticeLog(site, noticeId, null);
    }

    /**
     * As {@link #of(String, String)}, and the notice's trace id (its record's {@code gongkai-trace-id}) under
     * {@value #TRACE_ID} when no span is in scope: for code that handles a record outside a record observation (batch
     * listeners, recoverers).
     */
    public static NoticeLog of(String site, String noticeId, String traceId) {
        return new NoticeLog(site, noticeId, traceId);
    }

    @Override
    public void close() {
        set(SITE, previousSite);
        set(NOTICE_ID, previousNoticeId);
        if (traceIdSet) {
            set(TRACE_ID, previousTraceId);
        }
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
