package org.gongkai.ingest.crawl;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import org.gongkai.events.trace.NoticeLog;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.site.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One page visit as a Micrometer observation, {@value #NAME} (with a meter registry: timer
 * {@code gongkai_crawl_page_seconds}, tags {@value #SITE_TAG}, {@value #OUTCOME_TAG} and Micrometer's {@code error}),
 * and so one trace, the notice's: while the visit runs, its span is current (the crawler's {@code traceparent}, the
 * published record's {@code gongkai-trace-id} and {@code traceparent}) and the MDC holds {@code traceId},
 * {@code spanId} and the notice ({@link NoticeLog}). A link that redirects is the final URL's notice once the answer
 * came ({@link Pending#identify}): the MDC, the span's {@value #NOTICE_TAG} and the outcome's log line name that one.
 *
 * <p>A visit whose outcome is known only later (a notice sent, its ack to come: {@link Pending#defer()}) ends its
 * observation then: the timer covers the visit up to the ack, the outcome tag is the final one.
 *
 * <p>Thread-safe; each visit runs on the calling thread.
 */
final class PageObservation {

    static final String NAME = "gongkai.crawl.page";
    static final String SITE_TAG = "site";
    static final String OUTCOME_TAG = "outcome";
    static final String NOTICE_TAG = "gongkai.notice.id";

    private static final Logger log = LoggerFactory.getLogger(PageVisitor.class);

    /** A page visit. */
    interface Visit {
        /** @return the outcome; null after {@link Pending#defer()}, to be given to the {@link Finish} */
        NoticeOutcome run(Pending pending) throws InterruptedException, PublishException;
    }

    /** Lets a visit name its notice once known and end after it returned. */
    interface Pending {
        /** The visit's observation stays open until the returned {@link Finish} runs (on the visit's thread). */
        Finish defer();

        /**
         * The visit's notice is {@code noticeId} at {@code url} (a link that redirected: its final URL's): from now on
         * the MDC's notice id, and the observation's {@value PageObservation#NOTICE_TAG} and outcome log line, name it. On the visit's
         * thread, while the visit runs.
         */
        void identify(String noticeId, String url);
    }

    /** Ends a deferred visit's observation with its outcome, and the error that caused it, if any. */
    interface Finish {
        NoticeOutcome finish(NoticeOutcome outcome, Throwable error);
    }

    private final ObservationRegistry registry;

    PageObservation(ObservationRegistry registry) {
        this.registry = registry;
    }

    /**
     * Runs the visit in its observation; logs its outcome at debug level (logger {@code PageVisitor}).
     *
     * @return the outcome, or null when the visit deferred it
     */
    NoticeOutcome observe(Site site, String noticeId, String url, Visit visit)
            throws InterruptedException, PublishException {
        Observation observation = Observation.createNotStarted(NAME, registry)
                .lowCardinalityKeyValue(SITE_TAG, site.id())
                .highCardinalityKeyValue(NOTICE_TAG, noticeId)
                .start();
        boolean[] deferred = {false};
        boolean[] ended = {false};
        String[] named = {noticeId, url};
        Pending pending = new Pending() {
            @Override
            public Finish defer() {
                deferred[0] = true;
                return (outcome, error) -> {
                    if (!ended[0]) {
                        ended[0] = true;
                        end(observation, site, named[0], named[1], outcome, error);
                    }
                    return outcome;
                };
            }

            @Override
            public void identify(String finalId, String finalUrl) {
                named[0] = finalId;
                named[1] = finalUrl;
                observation.highCardinalityKeyValue(NOTICE_TAG, finalId);
                // the outer NoticeLog restores the key's previous value when the visit ends
                MDC.put(NoticeLog.NOTICE_ID, finalId);
            }
        };
        NoticeOutcome outcome = null;
        Throwable error = null;
        try (Observation.Scope scope = observation.openScope();
                NoticeLog notice = NoticeLog.of(site.id(), noticeId)) {
            outcome = visit.run(pending);
            return deferred[0] ? null : outcome;
        } catch (InterruptedException | PublishException | RuntimeException e) {
            error = e;
            throw e;
        } finally {
            // after the scope is closed, as before; a deferred visit ends when its Finish runs
            if ((error != null || !deferred[0]) && !ended[0]) {
                ended[0] = true;
                end(observation, site, named[0], named[1], outcome, error);
            }
        }
    }

    private static void end(
            Observation observation, Site site, String noticeId, String url, NoticeOutcome outcome, Throwable error) {
        if (error != null) {
            // every observation of this name has the same tag keys (Prometheus requires it)
            observation.lowCardinalityKeyValue(OUTCOME_TAG, "error");
            observation.error(error);
            log.debug("site {}: notice {} ({}) failed: {}", site.id(), noticeId, url, error.toString());
        } else {
            observation.lowCardinalityKeyValue(OUTCOME_TAG, outcome.name().toLowerCase(Locale.ROOT));
            log.debug("site {}: notice {} ({}): {}", site.id(), noticeId, url, outcome);
        }
        observation.stop();
    }
}
