package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.gongkai.ingest.site.Site;

/**
 * Counts the outcomes of page visits: into the running crawl's report and the counter {@code
 * gongkai.ingest.notices} (tags {@code site}, {@code outcome}, including {@code unpublishable}). Thread-safe.
 */
final class OutcomeCounter {

    private final MeterRegistry meters;

    OutcomeCounter(MeterRegistry meters) {
        this.meters = meters;
    }

    /** @param report the running crawl's report, or null (a WARC import) */
    void count(Site site, CrawlReportBuilder report, NoticeOutcome outcome) {
        if (report != null) {
            report.outcome(outcome);
        }
        Counter.builder("gongkai.ingest.notices")
                .description("Linked pages by crawl outcome")
                .tag("site", site.id())
                .tag("outcome", outcome.tag())
                .register(meters)
                .increment();
    }
}
