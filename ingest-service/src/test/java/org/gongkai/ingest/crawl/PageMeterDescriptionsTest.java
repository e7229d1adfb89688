package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

class PageMeterDescriptionsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationRegistry observations = ObservationRegistry.create();

    PageMeterDescriptionsTest() {
        meters.config().meterFilter(new PageMeterDescriptions());
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    }

    @Test
    void thePageVisitTimerAndItsActiveTimerCarryADescription() {
        Observation.createNotStarted(PageObservation.NAME, observations)
                .lowCardinalityKeyValue(PageObservation.SITE_TAG, "gov")
                .start()
                .stop();

        assertThat(meters.get(PageObservation.NAME).timer().getId().getDescription())
                .isEqualTo(PageMeterDescriptions.VISIT);
        assertThat(meters.get(PageObservation.NAME + ".active")
                        .longTaskTimer()
                        .getId()
                        .getDescription())
                .isEqualTo(PageMeterDescriptions.ACTIVE);
        assertThat(meters.get(PageObservation.NAME).timer().getId().getTag(PageObservation.SITE_TAG))
                .isEqualTo("gov");
    }

    @Test
    void otherMetersAreLeftAsTheyAre() {
        meters.counter("gongkai.other").increment();

        assertThat(meters.get("gongkai.other").counter().getId().getDescription())
                .isNull();
    }
}
