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
        NoticeOutcome run() throws InterruptedException, PublishException;
    }

    private final ObservationRegistry registry;

    PageObservation(ObservationRegistry registry) {
        this.registry = registry;
    }

    /** Runs the visit in its observation; logs its outcome at debug level (logger {@code PageVisitor}). */
    NoticeOutcome observe(Site site, String noticeId, String url, Visit visit)
            throws InterruptedException, PublishException {
        Observation observation = Observation.createNotStarted(NAME, registry)
                .lowCardinalityKeyValue(SITE_TAG, site.id())
                .highCardinalityKeyValue(NOTICE_TAG, noticeId)
                .start();
        try (Observation.Scope scope = observation.openScope();
                NoticeLog notice = NoticeLog.of(site.id(), noticeId)) {
            NoticeOutcome outcome;
            try {
                outcome = visit.run();
            } catch (InterruptedException | PublishException | RuntimeException e) {
                // every observation of this name has the same tag keys (Prometheus requires it)
                observation.lowCardinalityKeyValue(OUTCOME_TAG, "error");
                observation.error(e);
                log.debug("site {}: notice {} ({}) failed: {}", site.id(), noticeId, url, e.toString());
                throw e;
            }
            observation.lowCardinalityKeyValue(OUTCOME_TAG, outcome.name().toLowerCase(Locale.ROOT));
            log.debug("site {}: notice {} ({}): {}", site.id(), noticeId, url, outcome);
            return outcome;
        } finally {
            observation.stop();
        }
    }
}
