package org.gongkai.ingest.crawl;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gongkai.events.RawNotice;
import org.gongkai.events.trace.NoticeLog;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.HostAssignment;
import org.gongkai.ingest.publish.NoticePublisher;
import org.slf4j.MDC;

/**
 * What a crawl's page visits said about themselves: each stopped observation ({@code "name site outcome notice"},
 * the notice being its {@link PageObservation#NOTICE_TAG}) and the MDC at each publish ({@code "site mdcNoticeId
 * recordNoticeId"}). For the tests of the visit's trace and log context; thread-safe lists.
 */
final class RecordedVisits {

    final List<String> stopped = new CopyOnWriteArrayList<>();
    final List<String> mdcAtPublish = new CopyOnWriteArrayList<>();
    private final ObservationRegistry observations = ObservationRegistry.create();

    RecordedVisits() {
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context.getName() + " "
                        + context.getLowCardinalityKeyValue(PageObservation.SITE_TAG)
                                .getValue()
                        + " "
                        + context.getLowCardinalityKeyValue(PageObservation.OUTCOME_TAG)
                                .getValue()
                        + " "
                        + context.getHighCardinalityKeyValue(PageObservation.NOTICE_TAG)
                                .getValue());
            }
        });
    }

    /** A crawler of the fixture's site and state, observed here, publishing to a recorder of the MDC. */
    SiteCrawler crawler(CrawlFixture fixture) {
        NoticePublisher recording = new NoticePublisher() {
            @Override
            public void publish(RawNotice notice) {
                mdcAtPublish.add(
                        MDC.get(NoticeLog.SITE) + " " + MDC.get(NoticeLog.NOTICE_ID) + " " + notice.noticeId());
            }

            @Override
            public void publishTombstone(String noticeId) {}
        };
        return new SiteCrawler(
                HostAssignment.ALL,
                fixture.fetcher,
                fixture.robots,
                recording,
                fixture.state,
                TestConfigs.state(),
                null,
                fixture.meters,
                Clock.fixed(CrawlFixture.NOW, ZoneOffset.UTC),
                observations,
                SiteCrawler.DEFAULT_MAX_UNACKNOWLEDGED);
    }
}
