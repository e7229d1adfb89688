package org.gongkai.ingest.crawl;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import org.gongkai.events.trace.NoticeLog;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.site.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One page visit as a Micrometer observation, {@value #NAME} (with a meter registry: timer
 * {@code gongkai_crawl_page_seconds}, tags {@value #SITE_TAG}, {@value #OUTCOME_TAG} and Micrometer's {@code error}),
 * and so one trace, the notice's: while the visit runs, its span is current (the crawler's {@code traceparent}, the
 * published record's {@code gongkai-trace-id} and {@code traceparent}) and the MDC holds {@code traceId},
 * {@code spanId} and the notice ({@link NoticeLog}).
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

    /** Lets a visit end after it returned. */
    interface Pending {
        /** The visit's observation stays open until the returned {@link Finish} runs (on the visit's thread). */
        Finish defer();
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
        Pending pending = () -> {
            deferred[0] = true;
            return (outcome, error) -> {
                if (!ended[0]) {
                    ended[0] = true;
                    end(observation, site, noticeId, url, outcome, error);
                }
                return outcome;
            };
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
                end(observation, site, noticeId, url, outcome, error);
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
